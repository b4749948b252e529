#pragma once
// Files out of a .zip (a zipped Shapefile sent to the server), through GDAL's /vsizip/: only regular
// files, flattened into `dir` by their base names, never more than `max_files` files or `max_bytes` in all
// (a zip bomb stops at the limit).

#include <cstdint>
#include <filesystem>
#include <vector>

namespace ecozone::io {

// Throws ecozone::Error naming `label` when the archive cannot be read or exceeds a limit.
std::vector<std::filesystem::path> extract_zip(const std::filesystem::path& zip, const std::filesystem::path& dir,
                                               const std::string& label, std::uint64_t max_bytes,
                                               std::size_t max_files = 64);

}  // namespace ecozone::io
