#pragma once
// An edition: everything a server answers from, loaded once and then read-only — the catalog, its
// layers and their index, the zones, the rules, the access lists and the map style. A reload builds a
// new edition beside the one in use and swaps it in; requests in flight keep the edition they started
// with (they hold a shared_ptr to it).

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "index/layer_index.hpp"
#include "load/access_lists.hpp"
#include "load/layer_cache.hpp"
#include "load/load_layers.hpp"
#include "render/style.hpp"
#include "screen/rules.hpp"
#include "screen/screening.hpp"

namespace ecozone::serve {

struct Edition {
    int number = 0;           // 1 for the first load, then one more per reload
    std::string loaded_at;    // UTC, ISO 8601
    catalog::Catalog catalog;
    load::LayerSet layers;
    std::unique_ptr<index::LayerIndex> index;  // over `layers` (which stay where they are)
    load::LoadedSource zones;                  // the catalog's [zones]; may be empty
    screen::RuleSet rules;
    screen::SiteLandcover landcover;  // what sites occupy: the catalog's [landcover] and carbon table
    std::vector<load::AccessList> access;
    render::Style style;
    std::vector<std::vector<geom::Envelope>> envelopes;  // per layer, per feature
    std::vector<geom::Envelope> zone_envelopes;
    std::vector<geom::GeomPtr> zone_lines;  // the zones' boundaries, drawn on every tile they cross
    Diagnostics diagnostics;  // what loading said

    // How responses name it: {"catalog", "version", "date", "edition", "loaded"}.
    nlohmann::ordered_json describe() const;
    // One line: "资阳市… 2023年… (data date 2023-12-31), edition 2".
    std::string label() const;
};

// Loads the catalog at `path` and everything it names (through `cache` when not null). Throws
// ecozone::Error when the catalog or any layer cannot be loaded: a server never answers from part of its
// data.
std::shared_ptr<const Edition> load_edition(const std::filesystem::path& path, const load::LayerCache* cache,
                                            int number);

// The edition in use, swapped atomically by a reload.
class EditionHolder {
public:
    explicit EditionHolder(std::shared_ptr<const Edition> first) : m_current(std::move(first)) {}
    std::shared_ptr<const Edition> get() const { return std::atomic_load(&m_current); }
    void set(std::shared_ptr<const Edition> next) { std::atomic_store(&m_current, std::move(next)); }

private:
    std::shared_ptr<const Edition> m_current;
};

}  // namespace ecozone::serve
