#pragma once
// The layer cache: sources as loaded (read, transformed to the working CRS, validated and repaired)
// and as cut into pieces for the spatial index, kept between runs so that screening the next batch of
// sites against the same zoning edition does not redo that work.
//
// An entry is found by a fingerprint of the source's bytes (every file of it: a Shapefile's .shp, .dbf,
// .prj, …) and of everything else that shapes the load: the catalog's settings for the layer, the
// working CRS, and the versions of ecozone, GEOS, GDAL and PROJ. So an entry is only ever used for the
// very data it was made from, and editing the data or the catalog simply makes a new one. Sources that
// are not local files (a database, a URL) are not cached.
//
// Entries are written under a temporary name and renamed into place; each carries a checksum, and a
// damaged or unreadable entry is ignored and made again. The least recently used entries are removed
// when the cache outgrows its limit. Where the cache cannot be written the run goes on without it.

#include <cstdint>
#include <filesystem>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "io/vector_source.hpp"
#include "core/diagnostics.hpp"
#include "geom/geos_context.hpp"

namespace ecozone::load {

using SourceRequest = io::VectorReadRequest;  // load_layers.hpp
struct LoadedSource;

// A piece of a cached feature (see index::LayerIndex): a geometry of its own, or, where `part` ≥ 0, the
// feature's geometry itself (part 0 of one that is not a collection) or part `part` of it, which is not
// stored again. `feature` and `part` are checked by the reader's caller. `area_m2` is its geodesic area where
// it was measured, else NaN.
struct CachedPiece {
    std::size_t feature = 0;
    geom::GeomPtr geom;
    int part = -1;
    bool cut = false;
    double area_m2 = std::numeric_limits<double>::quiet_NaN();
};
struct PieceView {
    std::size_t feature = 0;
    const GEOSGeometry* geom = nullptr;  // (not written for a part of the feature)
    int part = -1;
    bool cut = false;
    double area_m2 = std::numeric_limits<double>::quiet_NaN();
};

class LayerCache {
public:
    static constexpr std::uint64_t default_max_bytes = 4ull << 30;

    // $ECOZONE_CACHE_DIR, else $XDG_CACHE_HOME/ecozone, else $HOME/.cache/ecozone (empty when none is set).
    static std::filesystem::path default_dir();
    // The limit from $ECOZONE_CACHE_MAX_MB, else default_max_bytes; a value that is not a whole number of
    // megabytes is an ecozone::Error (a usage error).
    static std::uint64_t default_limit();

    explicit LayerCache(std::filesystem::path dir, std::uint64_t max_bytes = default_limit());

    const std::filesystem::path& dir() const { return m_dir; }

    // The key under which `request` (loaded into `working_crs`) is kept; empty when the source is not a
    // set of local files, or they cannot be read (loading them then reports why).
    std::string key(const SourceRequest& request, const std::string& working_crs) const;

    struct Source {
        bool measured = false;                 // feature areas and lengths were computed
        std::vector<Diagnostic> diagnostics;   // what loading it reported, to say again
        Where where;                           // where those messages pointed when they were made
    };
    // Null when there is no (intact) entry.
    std::optional<Source> read_source(const std::string& key, LoadedSource& out) const;
    void write_source(const std::string& key, const LoadedSource& source, const Source& info) const;

    // A number kept (a union area); nullopt when there is none, or what is there is not a finite number.
    std::optional<double> read_number(const std::string& key, const std::string& what) const;
    void write_number(const std::string& key, const std::string& what, double value) const;

    // Pieces of a source's features, for one way of cutting (`variant`, e.g. "256c").
    std::optional<std::vector<CachedPiece>> read_pieces(const std::string& key, const std::string& variant) const;
    void write_pieces(const std::string& key, const std::string& variant, const std::vector<PieceView>& pieces) const;

    // The first failure to write an entry ("" when none): the caller says once that the cache is not kept.
    std::string write_failure() const;

    struct Usage {
        std::size_t entries = 0;
        std::uint64_t bytes = 0;
    };
    Usage usage() const;
    // Removes every entry; returns how many.
    std::size_t clear() const;

private:
    std::filesystem::path entry_path(const std::string& key, const std::string& what) const;
    struct Payload {
        struct Unmap { std::size_t size; void operator()(char* p) const; };
        std::unique_ptr<char, Unmap> data{nullptr, Unmap{0}};
        std::size_t size = 0;
    };
    std::optional<Payload> read_entry(const std::filesystem::path& path) const;
    void write_entry(const std::filesystem::path& path, const std::string& payload) const;
    void evict() const;
    std::string fingerprint(const std::filesystem::path& file) const;

    std::filesystem::path m_dir;
    std::uint64_t m_max_bytes;
    mutable std::mutex m_mutex;
    mutable std::map<std::string, std::shared_future<std::string>> m_fingerprints;  // file -> content hash, once per run
    mutable std::string m_write_failure;
};

}  // namespace ecozone::load
