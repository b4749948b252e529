#include "core/atomic_file.hpp"

#include <atomic>
#include <fstream>
#include <iterator>
#include <system_error>
#include <unistd.h>

#include "core/error.hpp"

namespace ecozone {

namespace fs = std::filesystem;

AtomicFile::AtomicFile(fs::path target) : m_target(std::move(target)) {
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
    fs::rename(m_temp, m_target, ec);
    if (ec) {
        throw Error({m_target.string()}, "could not move the finished output into place: " + ec.message() + ".",
                    "Check that the output folder is writable and the file is not open in another program.");
    }
    m_committed = true;
}

void write_file_atomically(const fs::path& target, const std::string& content) {
    AtomicFile file(target);
    {
        std::ofstream out(file.temp_path(), std::ios::binary);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.close();
        if (!out) {
            throw Error({target.string()}, "could not write the output file.",
                        "Check that the output folder exists, is writable and the disk is not full.");
        }
    }
    file.commit();
}

void ensure_directory(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) {
        throw Error({dir.string()}, "could not create the output folder" + (ec ? ": " + ec.message() : std::string{}) + ".",
                    "Choose another --out folder or check its permissions.");
    }
}

}  // namespace ecozone

namespace ecozone {
std::string read_text_file(const std::filesystem::path& path, const std::string& what, const std::string& hint) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error({path.string()}, "cannot open " + what + ": it does not exist or is not readable.", hint);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
}  // namespace ecozone
