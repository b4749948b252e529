#include "core/atomic_file.hpp"

#include <atomic>
#include <fstream>
#include <iterator>
#include <system_error>
#include <unistd.h>

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/inputs.hpp"

namespace ecozone {

namespace fs = std::filesystem;

AtomicFile::AtomicFile(fs::path target) : m_target(std::move(target)) {
    check_not_an_input(m_target);
    // Keep the extension last: drivers such as GDAL's pick the format from it.
    const std::string stem = m_target.stem().string();
    // Unique per process and per object: two threads may write the same target at once.
    static std::atomic<unsigned> counter{0};
    m_temp = m_target.parent_path() / (".~" + stem + ".part" + std::to_string(::getpid()) + "-" +
                                       std::to_string(++counter) + m_target.extension().string());
    std::error_code ec;
    fs::remove(m_temp, ec);
}

AtomicFile::~AtomicFile() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove(m_temp, ec);
    }
}

void AtomicFile::commit() {
    std::error_code ec;
    const auto size = fs::file_size(m_temp, ec);
    if (ec || size == 0) {
        throw Error({m_target.string()}, tr("the output was not written (the file came out empty); nothing was put in place."),
                    tr("Check that the output folder is writable and the disk is not full."));
    }
    fs::rename(m_temp, m_target, ec);
    if (ec) {
        throw Error({m_target.string()}, tr("could not move the finished output into place: {1}.", ec.message()),
                    tr("Check that the output folder is writable and the file is not open in another program."));
    }
    m_committed = true;
}

OutputBatch::OutputBatch(fs::path dir) : m_dir(std::move(dir)) {
    check_not_an_input(m_dir);
    m_created_dir = ensure_directory(m_dir);
}

OutputBatch::~OutputBatch() {
    if (m_committed) return;
    m_files.clear();  // removes the temporary files
    for (auto it = m_created_subdirs.rbegin(); it != m_created_subdirs.rend(); ++it) {
        std::error_code ec;
        if (fs::is_empty(*it, ec) && !ec) fs::remove(*it, ec);
    }
    if (m_created_dir) {
        std::error_code ec;
        if (fs::is_empty(m_dir, ec) && !ec) fs::remove(m_dir, ec);
    }
}

const fs::path& OutputBatch::add(const std::string& name) {
    const fs::path parent = (m_dir / name).parent_path();
    std::error_code ec;
    if (parent != m_dir && !fs::is_directory(parent, ec)) {
        // Made one level at a time, so that each one made can be removed again.
        std::vector<fs::path> missing;
        for (fs::path p = parent; p != m_dir && !p.empty() && !fs::exists(p, ec); p = p.parent_path()) missing.push_back(p);
        for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
            check_not_an_input(*it);
            if (ensure_directory(*it)) m_created_subdirs.push_back(*it);
        }
    }
    m_files.push_back(std::make_unique<AtomicFile>(m_dir / name));
    return m_files.back()->temp_path();
}

void OutputBatch::write(const std::string& name, const std::string& content) {
    const fs::path& temp = add(name);
    write_bytes(temp, content, (m_dir / name).string());
}

std::vector<fs::path> OutputBatch::commit() {
    std::vector<fs::path> out;
    for (auto& f : m_files) {
        f->commit();
        out.push_back(f->target());
    }
    m_committed = true;
    return out;
}

void write_bytes(const fs::path& path, const std::string& content, const std::string& label) {
    write_stream(path, [&](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); }, label);
}

void write_stream(const fs::path& path, const std::function<void(std::ostream&)>& fill, const std::string& label) {
    std::ofstream out(path, std::ios::binary);
    if (out) fill(out);
    out.close();
    if (!out) {
        std::error_code ec;
        fs::remove(path, ec);
        throw Error({label}, tr("could not write the output file; nothing was put in place."),
                    tr("Check that the output folder exists, is writable and the disk is not full."));
    }
}

void write_file_atomically(const fs::path& target, const std::string& content) {
    AtomicFile file(target);
    write_bytes(file.temp_path(), content, target.string());
    file.commit();
}

bool ensure_directory(const fs::path& dir) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return false;
    const bool created = fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) {
        throw Error({dir.string()},
                    ec ? tr("could not create the output folder: {1}.",
                            ec.message()) : tr("could not create the output folder."),
                    tr("Choose another --out folder or check its permissions."));
    }
    return created;
}

}  // namespace ecozone

namespace ecozone {
std::string read_text_file(const fs::path& path, const std::string& what, const std::string& hint,
                           std::uintmax_t max_bytes) {
    check_input_path(path, what, hint);
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
        throw Error({path.string()}, tr("{1} is {2} MB, far larger than such a file can be.",
                                        what, std::to_string(size >> 20)),
                    hint);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error({path.string()}, tr("cannot open {1}: it is not readable.", what), hint);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error({path.string()}, tr("reading {1} failed part-way.", what), hint);
    return text;
}
}  // namespace ecozone
