#include "core/data_files.hpp"

#include <system_error>

#ifndef ECOZONE_SOURCE_DATA_DIR
#define ECOZONE_SOURCE_DATA_DIR ""
#endif
#ifndef ECOZONE_INSTALL_DATA_SUBDIR
#define ECOZONE_INSTALL_DATA_SUBDIR "share/ecozone"
#endif

namespace ecozone {

namespace fs = std::filesystem;

fs::path installed_data_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec || exe.empty()) return {};
    return exe.parent_path().parent_path() / ECOZONE_INSTALL_DATA_SUBDIR;
}

fs::path shipped_file(std::string_view relative) {
    std::error_code ec;
    if (const fs::path dir = installed_data_dir(); !dir.empty()) {
        const fs::path installed = dir / relative;
        if (fs::is_regular_file(installed, ec)) return installed;
    }
    return fs::path(ECOZONE_SOURCE_DATA_DIR) / relative;
}

}  // namespace ecozone
