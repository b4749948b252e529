#pragma once
// Formats the result of loading a catalog; computes nothing.

#include <string>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "load/load_layers.hpp"

namespace ecozone::report {

// {"name", "version", "date", "crs", "path"}: echoed in every output.
nlohmann::ordered_json catalog_json(const catalog::Catalog& catalog);
nlohmann::ordered_json diagnostics_json(const Diagnostics& diagnostics);

nlohmann::ordered_json layers_json(const catalog::Catalog& catalog, const load::LayerSet& set, const Diagnostics& diagnostics);
std::string layers_text(const catalog::Catalog& catalog, const load::LayerSet& set);

}  // namespace ecozone::report
