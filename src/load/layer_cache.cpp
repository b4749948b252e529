#include "load/layer_cache.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <future>

#include <sys/mman.h>
#include <tbb/parallel_for.h>

#include "core/atomic_file.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/i18n.hpp"
#include "core/inputs.hpp"
#include "core/version.hpp"
#include "geom/binary.hpp"
#include "io/crs.hpp"
#include "load/load_layers.hpp"

namespace ecozone::load {

namespace fs = std::filesystem;

namespace {

constexpr char k_magic[16] = {'E', 'C', 'O', 'Z', 'O', 'N', 'E', ' ', 'C', 'A', 'C', 'H', 'E', '\x1a', '\0', '\0'};
// 2: loading checks coordinates, encodings and Shapefile parts; reports the features before the filter.
// 3: pieces carry their geodesic area; a piece that is a feature's polygon as it is refers to it; features and
// pieces in blocks.
constexpr std::uint32_t k_format = 3;
constexpr std::uint32_t k_byte_order = 0x01020304;
constexpr const char* k_suffix = ".ecz";
constexpr std::size_t k_header = sizeof k_magic + 4 + 4 + 8 + 8;

// Files that change when another program merely opens the data (SQLite's shared memory, ArcGIS's locks).
bool is_lock(const fs::path& file) {
    const std::string name = file.filename().string();
    return name.ends_with("-shm") || name.ends_with(".lock");
}

// The files a source is made of: a folder (FileGDB) is every file in it; a file comes with the files
// beside it that share its name (a Shapefile's .shx, .dbf, .prj, .cpg; a GeoPackage's -wal). Empty
// for what is not a local file or folder.
std::vector<fs::path> source_files(const std::string& source) {
    std::vector<fs::path> files;
    if (source.empty() || source.rfind("/vsi", 0) == 0) return files;
    std::error_code ec;
    const fs::path path(source);
    if (fs::is_directory(path, ec)) {
        for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
            if (it->is_regular_file(ec) && !is_lock(it->path())) files.push_back(it->path());
        }
        if (ec) return {};
    } else if (fs::is_regular_file(path, ec)) {
        files.push_back(path);
        const std::string prefix = path.stem().string() + ".";
        for (fs::directory_iterator it(path.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (it->path() != path && name.rfind(prefix, 0) == 0 && !is_lock(it->path()) && it->is_regular_file(ec)) {
                files.push_back(it->path());
            }
        }
        if (ec) return {};
    }
    std::sort(files.begin(), files.end());
    return files;
}

void put_where(ByteWriter& w, const Where& where) {
    w.put_string(where.file);
    w.put<std::int32_t>(where.line);
    w.put_string(where.layer);
    w.put_string(where.feature);
    w.put_string(where.field);
}

Where get_where(ByteReader& r) {
    Where where;
    where.file = r.get_string();
    where.line = r.get<std::int32_t>();
    where.layer = r.get_string();
    where.feature = r.get_string();
    where.field = r.get_string();
    return where;
}

// A count read from the file, refused when it could not fit in what is left of it.
std::uint64_t get_count(ByteReader& r) {
    const auto n = r.get<std::uint64_t>();
    if (n > r.left()) throw BadBytes("a count larger than the file");
    return n;
}

std::string entry_name(const std::string& key, const std::string& what) { return key + "." + what + k_suffix; }

// Features and pieces are written in blocks, each with its count and length, so that a reader can decode the
// blocks on every core.
constexpr std::size_t k_block = 256;

template <class Write>
void put_blocks(ByteWriter& w, std::size_t n, const Write& write_one) {
    w.put<std::uint64_t>(n);
    w.put<std::uint64_t>((n + k_block - 1) / k_block);
    for (std::size_t first = 0; first < n; first += k_block) {
        const std::size_t count = std::min(k_block, n - first);
        ByteWriter block;
        for (std::size_t i = first; i < first + count; ++i) write_one(block, i);
        w.put<std::uint64_t>(count);
        w.put_string(block.data());
    }
}

// Reads what put_blocks wrote: `read_one(reader, i)` for every item, the blocks in parallel; throws BadBytes
// when the counts do not add up or a block is not read to its end.
template <class Read>
std::size_t get_blocks(ByteReader& r, const std::function<void(std::size_t)>& reserve, const Read& read_one) {
    const auto n = get_count(r);
    const auto blocks = get_count(r);
    struct Block {
        std::size_t first, count;
        const char* data;
        std::size_t size;
    };
    std::vector<Block> list;
    std::size_t total = 0;
    for (std::uint64_t b = 0; b < blocks; ++b) {
        const auto count = get_count(r);
        const auto size = r.get<std::uint64_t>();
        const char* data = r.take_array(size, 1);
        if (count == 0 || count > k_block || count > n - total) throw BadBytes("a block of the wrong size");
        list.push_back({total, static_cast<std::size_t>(count), data, static_cast<std::size_t>(size)});
        total += count;
    }
    if (total != n) throw BadBytes("blocks that do not add up");
    reserve(n);
    tbb::parallel_for(std::size_t{0}, list.size(), [&](std::size_t b) {
        ByteReader block(list[b].data, list[b].size);
        for (std::size_t i = list[b].first; i < list[b].first + list[b].count; ++i) read_one(block, i);
        if (block.left() != 0) throw BadBytes("bytes after a block's end");
    });
    return n;
}

}  // namespace

fs::path LayerCache::default_dir() {
    if (const char* dir = std::getenv("ECOZONE_CACHE_DIR"); dir && *dir) return fs::path(dir);
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "ecozone";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "ecozone";
    return {};
}

std::uint64_t LayerCache::default_limit() {
    if (const char* mb = std::getenv("ECOZONE_CACHE_MAX_MB"); mb && *mb) {
        char* end = nullptr;
        const unsigned long long v = std::strtoull(mb, &end, 10);
        if (*mb == '-' || !end || *end != '\0' || v > (1ull << 40)) {
            throw Error({}, tr("ECOZONE_CACHE_MAX_MB='{1}' is not a size in megabytes.", mb),
                        tr("Set it to a whole number such as 4096, or unset it for the default (4096)."), ErrorKind::usage);
        }
        return static_cast<std::uint64_t>(v) << 20;
    }
    return default_max_bytes;
}

LayerCache::LayerCache(fs::path dir, std::uint64_t max_bytes) : m_dir(std::move(dir)), m_max_bytes(max_bytes) {}

std::string LayerCache::fingerprint(const fs::path& file) const {
    // Three layers of one GeoPackage ask at once: one thread hashes, the others wait for its answer.
    std::promise<std::string> mine;
    std::shared_future<std::string> answer;
    bool hash_here = false;
    {
        std::lock_guard lock(m_mutex);
        auto [it, first] = m_fingerprints.try_emplace(file.string());
        if (first) it->second = mine.get_future().share();
        answer = it->second;
        hash_here = first;
    }
    if (hash_here) {
        try {
            Hasher h;
            h.add_file(file);
            mine.set_value(h.hex());
        } catch (...) {
            mine.set_exception(std::current_exception());
        }
    }
    return answer.get();  // rethrows a failure to read the file
}

std::string LayerCache::key(const SourceRequest& req, const std::string& working_crs) const {
    const std::vector<fs::path> files = source_files(req.source);
    if (files.empty()) return {};
    // A cached source is still an input of this run: no output may be written over it.
    register_input(req.source);
    for (const auto& f : files) register_input(f);
    Hasher h;
    h.add("ecozone layer cache").add(std::uint64_t{k_format}).add(std::string_view(ecozone::version));
    h.add(std::string_view(GEOSversion())).add(io::data_library_versions()).add(std::uint64_t{req.keep_bad_features});
    // The messages kept with a layer (repairs, feature labels) are in the language of the run that loaded it.
    h.add(std::string_view(messages_in_chinese() ? "zh_CN" : "en"));
    for (const std::string* s : {&req.source, &req.as_written, &req.layer, &req.crs, &req.encoding, &req.filter,
                                 &req.code_field, &req.name_field, &req.zone_field, &req.crs_hint_key, &working_crs}) {
        h.add(*s);
    }
    try {
        for (const auto& f : files) h.add(f.string()).add(fingerprint(f));
    } catch (const std::exception&) {
        return {};  // unreadable: loading the source says so properly
    }
    return h.hex();
}

fs::path LayerCache::entry_path(const std::string& key, const std::string& what) const {
    return m_dir / entry_name(key, what);
}

void LayerCache::Payload::Unmap::operator()(char* p) const { munmap(p, size); }

std::optional<LayerCache::Payload> LayerCache::read_entry(const fs::path& path) const {
    std::ifstream in(path, std::ios::binary);
    char header[k_header];
    if (!in.read(header, sizeof header) || std::memcmp(header, k_magic, sizeof k_magic) != 0) return std::nullopt;
    ByteReader r(header + sizeof k_magic, k_header - sizeof k_magic);
    const auto format = r.get<std::uint32_t>();
    const auto order = r.get<std::uint32_t>();
    const auto size = r.get<std::uint64_t>();
    const auto sum = r.get<std::uint64_t>();
    std::error_code ec;
    const auto file_size = fs::file_size(path, ec);
    if (ec || format != k_format || order != k_byte_order || size != file_size - k_header) return std::nullopt;
    Payload payload;
    {
        const std::size_t len = std::max<std::size_t>(1, static_cast<std::size_t>(size));
        void* m = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) return std::nullopt;
        madvise(m, len, MADV_HUGEPAGE);
        payload.data = std::unique_ptr<char, Payload::Unmap>(static_cast<char*>(m), Payload::Unmap{len});
        payload.size = static_cast<std::size_t>(size);
    }
    if (!in.read(payload.data.get(), static_cast<std::streamsize>(size))) return std::nullopt;
    if (checksum64(payload.data.get(), payload.size) != sum) return std::nullopt;
    fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // recently used: evicted last
    return payload;
}

void LayerCache::write_entry(const fs::path& path, const std::string& payload) const {
    try {
        ensure_directory(m_dir);
        ByteWriter header;
        header.put_bytes(k_magic, sizeof k_magic);
        header.put<std::uint32_t>(k_format);
        header.put<std::uint32_t>(k_byte_order);
        header.put<std::uint64_t>(payload.size());
        header.put<std::uint64_t>(checksum64(payload.data(), payload.size()));
        AtomicFile file(path);
        {
            std::ofstream out(file.temp_path(), std::ios::binary);
            if (!out.is_open()) {
                throw Error(Where{file.temp_path().string()}, tr("cannot create it: {1}", std::strerror(errno)));
            }
            out.write(header.data().data(), static_cast<std::streamsize>(header.data().size()));
            out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
            out.close();
            if (!out) throw Error(Where{path.string()}, tr("the disk refused the write (is it full?)"));
        }
        file.commit();
    } catch (const std::exception& e) {
        std::lock_guard lock(m_mutex);
        if (m_write_failure.empty()) m_write_failure = e.what();
        return;
    }
    evict();
}

std::string LayerCache::write_failure() const {
    std::lock_guard lock(m_mutex);
    return m_write_failure;
}

void LayerCache::evict() const {
    std::lock_guard lock(m_mutex);
    std::vector<std::pair<fs::file_time_type, std::pair<fs::path, std::uint64_t>>> entries;
    std::uint64_t total = 0;
    std::error_code ec;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() != k_suffix) continue;
        std::error_code e2;
        const auto size = it->file_size(e2);
        const auto time = it->last_write_time(e2);
        if (e2) continue;
        entries.push_back({time, {it->path(), size}});
        total += size;
    }
    if (total <= m_max_bytes) return;
    std::sort(entries.begin(), entries.end());
    for (const auto& [time, entry] : entries) {
        if (total <= m_max_bytes) break;
        std::error_code e2;
        if (fs::remove(entry.first, e2)) total -= entry.second;
    }
}

LayerCache::Usage LayerCache::usage() const {
    Usage u;
    std::error_code ec;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() != k_suffix) continue;
        std::error_code e2;
        const auto size = it->file_size(e2);
        if (e2) continue;
        ++u.entries;
        u.bytes += size;
    }
    return u;
}

std::size_t LayerCache::clear() const {
    std::size_t n = 0;
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == k_suffix) doomed.push_back(it->path());
    }
    for (const auto& p : doomed) {
        std::error_code e2;
        if (fs::remove(p, e2)) ++n;
    }
    return n;
}

void LayerCache::write_source(const std::string& key, const LoadedSource& src, const Source& info) const {
    ByteWriter w;
    w.put<std::uint8_t>(info.measured ? 1 : 0);
    put_where(w, info.where);
    w.put<std::uint64_t>(info.diagnostics.size());
    for (const auto& d : info.diagnostics) {
        w.put<std::uint8_t>(d.severity == Severity::warning ? 1 : 0);
        put_where(w, d.where);
        w.put_string(d.message);
        w.put_string(d.hint);
    }
    const LayerReport& r = src.report;
    for (const std::string* s : {&r.driver, &r.source_crs, &r.geometry_type, &r.encoding}) w.put_string(*s);
    w.put<std::uint8_t>(r.crs_from_catalog ? 1 : 0);
    w.put<std::uint8_t>(r.source_geographic ? 1 : 0);
    for (std::size_t n : {r.features, r.repaired, r.empty, r.collapsed, r.unfiltered}) w.put<std::uint64_t>(n);
    w.put<std::uint8_t>(r.extent.empty ? 1 : 0);
    for (double v : {r.extent.min_x, r.extent.min_y, r.extent.max_x, r.extent.max_y, r.area_m2, r.sum_area_m2, r.length_m}) {
        w.put<double>(v);
    }
    w.put<std::uint64_t>(src.fields.size());
    for (const auto& f : src.fields) w.put_string(f);
    put_blocks(w, src.features.size(), [&](ByteWriter& b, std::size_t i) {
        const Feature& f = src.features[i];
        b.put<std::int64_t>(f.fid);
        b.put_string(f.code);
        b.put_string(f.name);
        b.put_string(f.zone);
        b.put<double>(f.area_m2);
        geom::write_binary(b, f.geom.get());
        const auto& values = i < src.values.size() ? src.values[i] : std::vector<std::string>{};
        b.put<std::uint64_t>(values.size());
        for (const auto& v : values) b.put_string(v);
    });
    write_entry(entry_path(key, "source"), w.data());
}

std::optional<LayerCache::Source> LayerCache::read_source(const std::string& key, LoadedSource& out) const {
    const auto payload = read_entry(entry_path(key, "source"));
    if (!payload) return std::nullopt;
    try {
        ByteReader r(payload->data.get(), payload->size);
        Source info;
        info.measured = r.get<std::uint8_t>() != 0;
        info.where = get_where(r);
        for (auto n = get_count(r); n > 0; --n) {
            Diagnostic d;
            d.severity = r.get<std::uint8_t>() ? Severity::warning : Severity::note;
            d.where = get_where(r);
            d.message = r.get_string();
            d.hint = r.get_string();
            info.diagnostics.push_back(std::move(d));
        }
        LoadedSource src;
        LayerReport& rep = src.report;
        for (std::string* s : {&rep.driver, &rep.source_crs, &rep.geometry_type, &rep.encoding}) *s = r.get_string();
        rep.crs_from_catalog = r.get<std::uint8_t>() != 0;
        rep.source_geographic = r.get<std::uint8_t>() != 0;
        for (std::size_t* n : {&rep.features, &rep.repaired, &rep.empty, &rep.collapsed, &rep.unfiltered}) *n = r.get<std::uint64_t>();
        rep.extent.empty = r.get<std::uint8_t>() != 0;
        for (double* v : {&rep.extent.min_x, &rep.extent.min_y, &rep.extent.max_x, &rep.extent.max_y, &rep.area_m2,
                          &rep.sum_area_m2, &rep.length_m}) {
            *v = r.get<double>();
        }
        for (auto n = get_count(r); n > 0; --n) src.fields.push_back(r.get_string());
        get_blocks(
            r,
            [&](std::size_t n) {
                src.features.resize(n);
                src.values.resize(n);
            },
            [&](ByteReader& b, std::size_t i) {
                Feature& f = src.features[i];
                f.fid = b.get<std::int64_t>();
                f.code = b.get_string();
                f.name = b.get_string();
                f.zone = b.get_string();
                f.area_m2 = b.get<double>();
                f.geom = geom::read_binary(b);
                geom::envelope(f.geom.get());  // computed now, while this thread alone owns it
                std::vector<std::string>& values = src.values[i];
                values.resize(get_count(b));
                if (values.size() != src.fields.size()) throw BadBytes("a feature with the wrong number of values");
                for (auto& v : values) v = b.get_string();
            });
        if (r.left() != 0) throw BadBytes("bytes after the end");
        out = std::move(src);
        return info;
    } catch (const BadBytes&) {
        return std::nullopt;  // damaged: made again by the caller
    }
}

std::optional<double> LayerCache::read_number(const std::string& key, const std::string& what) const {
    const auto payload = read_entry(entry_path(key, what));
    if (!payload || payload->size != sizeof(double)) return std::nullopt;
    ByteReader r(payload->data.get(), payload->size);
    const double v = r.get<double>();
    if (!std::isfinite(v)) return std::nullopt;  // no number: damaged, made again
    return v;
}

void LayerCache::write_number(const std::string& key, const std::string& what, double value) const {
    ByteWriter w;
    w.put<double>(value);
    write_entry(entry_path(key, what), w.data());
}

std::optional<std::vector<CachedPiece>> LayerCache::read_pieces(const std::string& key, const std::string& variant) const {
    const auto payload = read_entry(entry_path(key, "pieces-" + variant));
    if (!payload) return std::nullopt;
    try {
        ByteReader r(payload->data.get(), payload->size);
        std::vector<CachedPiece> pieces;
        get_blocks(
            r, [&](std::size_t n) { pieces.resize(n); },
            [&](ByteReader& b, std::size_t i) {
                CachedPiece& p = pieces[i];
                p.feature = b.get<std::uint64_t>();
                const auto flags = b.get<std::uint8_t>();
                if (flags > 3) throw BadBytes("a piece with unknown flags");
                p.cut = (flags & 1) != 0;
                p.area_m2 = b.get<double>();
                if (!std::isnan(p.area_m2) && !(std::isfinite(p.area_m2) && p.area_m2 >= 0)) throw BadBytes("a piece's area that is no area");
                if (flags & 2) {
                    p.part = b.get<std::int32_t>();
                    if (p.part < 0) throw BadBytes("a piece that is a negative part of its feature");
                    return;
                }
                p.geom = geom::read_binary(b);
                geom::envelope(p.geom.get());
            });
        if (r.left() != 0) throw BadBytes("bytes after the end");
        return pieces;
    } catch (const BadBytes&) {
        return std::nullopt;
    }
}

void LayerCache::write_pieces(const std::string& key, const std::string& variant,
                              const std::vector<PieceView>& pieces) const {
    ByteWriter w;
    put_blocks(w, pieces.size(), [&](ByteWriter& b, std::size_t i) {
        const PieceView& p = pieces[i];
        b.put<std::uint64_t>(p.feature);
        b.put<std::uint8_t>(static_cast<std::uint8_t>((p.cut ? 1 : 0) | (p.part >= 0 ? 2 : 0)));
        b.put<double>(p.area_m2);
        if (p.part >= 0) {
            b.put<std::int32_t>(p.part);
        } else {
            geom::write_binary(b, p.geom);
        }
    });
    write_entry(entry_path(key, "pieces-" + variant), w.data());
}

}  // namespace ecozone::load
