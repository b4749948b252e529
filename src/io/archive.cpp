#include "io/archive.hpp"

#include <fstream>

#include <cpl_vsi.h>

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "io/gdal_handles.hpp"

namespace ecozone::io {

namespace fs = std::filesystem;

std::vector<fs::path> extract_zip(const fs::path& zip, const fs::path& dir, const std::string& label,
                                  std::uint64_t max_bytes, std::size_t max_files) {
    init_gdal();
    const std::string root = "/vsizip/" + zip.string();
    char** list = VSIReadDirRecursive(root.c_str());
    if (!list) {
        throw Error({label}, tr("is not a zip archive ecozone can read, or it is empty."),
                    tr("Zip the Shapefile's files (.shp, .shx, .dbf, .prj, .cpg) together, or send the file itself."));
    }
    std::vector<std::string> names;
    for (char** p = list; *p; ++p) names.emplace_back(*p);
    CSLDestroy(list);
    std::vector<fs::path> out;
    std::uint64_t total = 0;
    for (const auto& name : names) {
        const std::string inner = root + "/" + name;
        VSIStatBufL st;
        if (VSIStatL(inner.c_str(), &st) != 0 || !VSI_ISREG(st.st_mode)) continue;
        const std::string base = fs::path(name).filename().string();
        if (base.empty() || base.starts_with(".") || base.starts_with("__MACOSX")) continue;
        if (out.size() >= max_files) {
            throw Error({label}, tr("holds more than {1} files.", max_files), tr("Send only the files of one layer."));
        }
        VSILFILE* in = VSIFOpenL(inner.c_str(), "rb");
        if (!in) continue;
        const fs::path target = dir / base;
        std::ofstream o(target, std::ios::binary | std::ios::trunc);
        char buf[1 << 16];
        std::size_t n;
        while ((n = VSIFReadL(buf, 1, sizeof buf, in)) > 0) {
            total += n;
            if (total > max_bytes) {
                VSIFCloseL(in);
                throw Error({label}, tr("unpacks to more than {1} MB.", max_bytes >> 20),
                            tr("Send a smaller file, or ask the server's operator for a higher --max-upload-mb."));
            }
            o.write(buf, static_cast<std::streamsize>(n));
        }
        VSIFCloseL(in);
        if (!o) throw Error({label}, tr("could not be unpacked: the server's disk refused the write."));
        out.push_back(target);
    }
    return out;
}

}  // namespace ecozone::io
