#include "core/inputs.hpp"

#include <mutex>
#include <set>
#include <system_error>
#include <unistd.h>

#include "core/error.hpp"
#include "core/i18n.hpp"

namespace ecozone {

namespace fs = std::filesystem;

namespace {

std::mutex g_mutex;
std::set<fs::path>& inputs() {
    static std::set<fs::path> paths;
    return paths;
}

// The canonical form of a path that may not exist yet (an output): its folder resolved, its name kept.
fs::path canonical_target(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? fs::absolute(p).lexically_normal() : c;
}

bool is_within(const fs::path& inner, const fs::path& outer) {
    auto i = inner.begin();
    for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

}  // namespace

void check_input_path(const fs::path& path, std::string_view what, const std::string& hint, PathKind kind) {
    const std::string name = path.string();
    const std::string subject = std::string(what);
    std::error_code ec;
    const fs::file_status link = fs::symlink_status(path, ec);
    if (ec || !fs::exists(link)) {
        throw Error({name}, tr("{1} does not exist.", subject), hint);
    }
    const fs::file_status st = fs::status(path, ec);
    if (ec) {
        if (ec == std::errc::too_many_symbolic_link_levels) {
            throw Error({name}, tr("{1} is a symbolic link that leads in a circle (a link loop).", subject),
                        tr("Point the path at the real file, or fix the link with  ls -l."));
        }
        if (fs::is_symlink(link)) {
            throw Error({name}, tr("{1} is a symbolic link to something that does not exist.", subject),
                        tr("Point the path at the real file, or fix the link with  ls -l."));
        }
        throw Error({name}, tr("{1} cannot be examined: {2}.", subject, ec.message()), hint);
    }
    if (fs::is_directory(st)) {
        if (kind == PathKind::file) {
            throw Error({name}, tr("{1} is a folder, not a file.", subject), tr("Name the file inside it. {1}", hint));
        }
    } else if (!fs::is_regular_file(st)) {
        throw Error({name}, tr("{1} is not an ordinary file (it is a pipe, socket or device); ecozone reads files only.",
                               subject),
                    tr("Copy the data into a file and name that file."));
    }
    if (::access(path.c_str(), R_OK) != 0) {
        throw Error({name}, tr("{1} cannot be read: permission denied.", subject),
                    tr("Ask for read access to it, or copy it somewhere you can read (ls -l shows its "
                       "permissions)."));
    }
    register_input(path);
}

void register_input(const fs::path& path) {
    std::error_code ec;
    const fs::path c = fs::canonical(path, ec);
    if (ec) return;
    std::lock_guard lock(g_mutex);
    inputs().insert(c);
}

void check_not_an_input(const fs::path& target) {
    const fs::path t = canonical_target(target);
    std::lock_guard lock(g_mutex);
    for (const auto& in : inputs()) {
        if (t == in || is_within(t, in)) {
            throw Error({target.string()},
                        tr("this output would overwrite {1}, which this run reads as input; nothing was written.",
                           in.string()),
                        tr("Choose another --out folder or file name; ecozone never writes over its inputs."));
        }
    }
}

std::vector<fs::path> registered_inputs() {
    std::lock_guard lock(g_mutex);
    return {inputs().begin(), inputs().end()};
}

void clear_registered_inputs() {
    std::lock_guard lock(g_mutex);
    inputs().clear();
}

void forget_inputs_under(const fs::path& dir) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(dir, ec);
    if (ec) canonical = dir;
    const std::string prefix = canonical.string() + "/";
    std::lock_guard lock(g_mutex);
    auto& set = inputs();
    for (auto it = set.begin(); it != set.end();) {
        if (*it == canonical || it->string().starts_with(prefix)) {
            it = set.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace ecozone
