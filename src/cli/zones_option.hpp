#pragma once
// The zones a per-county command reports on: the catalog's [zones], or --zones FILE with its fields.

#include <string>

#include <CLI/CLI.hpp>

#include "catalog/catalog.hpp"
#include "stats/stats.hpp"

namespace ecozone::cli {

class ZonesOption {
public:
    void add_to(CLI::App& app);
    // What to read; throws a usage Error when there are no zones or they have no id field.
    stats::ZonesRequest request(const catalog::Catalog& catalog) const;
    // True when --zones was given (a command for which zones are optional asks for them then).
    bool given() const { return !m_zones.empty(); }

private:
    std::string m_zones, m_zone_id_field, m_zone_name_field, m_group_field, m_zone_layer;
};

}  // namespace ecozone::cli
