#include "core/hash.hpp"

#include <cstdio>
#include <stdexcept>
#include <vector>

#include <xxhash.h>

namespace ecozone {

struct Hasher::State {
    XXH3_state_t* xxh = XXH3_createState();
    ~State() { XXH3_freeState(xxh); }
};

Hasher::Hasher() : m_state(std::make_unique<State>()) {
    if (!m_state->xxh) throw std::bad_alloc();
    XXH3_128bits_reset(m_state->xxh);
}

Hasher::~Hasher() = default;

Hasher& Hasher::add(const void* data, std::size_t size) {
    XXH3_128bits_update(m_state->xxh, data, size);
    return *this;
}

Hasher& Hasher::add(std::uint64_t value) { return add(&value, sizeof value); }

Hasher& Hasher::add(std::string_view text) {
    add(static_cast<std::uint64_t>(text.size()));
    return add(text.data(), text.size());
}

Hasher& Hasher::add_file(const std::filesystem::path& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw std::runtime_error("cannot read " + path.string());
    std::vector<unsigned char> buffer(1 << 20);
    std::uint64_t total = 0;
    while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), f.get())) {
        add(buffer.data(), n);
        total += n;
    }
    if (std::ferror(f.get())) throw std::runtime_error("cannot read " + path.string());
    return add(total);
}

std::string Hasher::hex() const {
    const XXH128_hash_t h = XXH3_128bits_digest(m_state->xxh);
    char out[33];
    std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return out;
}

std::uint64_t checksum64(const void* data, std::size_t size) { return XXH3_64bits(data, size); }

}  // namespace ecozone
