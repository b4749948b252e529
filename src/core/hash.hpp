#pragma once
// Content fingerprints (XXH3, 128 bits) for the layer cache: fast enough to hash a province's zoning
// data on every run, so a cache entry is used only for the very bytes it was made from.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace ecozone {

class Hasher {
public:
    Hasher();
    ~Hasher();
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    Hasher& add(const void* data, std::size_t size);
    // Strings go in with their length, so that ("ab", "c") and ("a", "bc") differ.
    Hasher& add(std::string_view text);
    Hasher& add(std::uint64_t value);
    // The file's bytes; throws std::runtime_error when it cannot be read.
    Hasher& add_file(const std::filesystem::path& path);

    std::string hex() const;  // 32 hex digits

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// XXH3-64 of a buffer, as a checksum of cache files.
std::uint64_t checksum64(const void* data, std::size_t size);

}  // namespace ecozone
