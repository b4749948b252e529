#pragma once
// 准入清单: the access lists (requirements per environmental control unit) a catalog links to its
// control-unit layers, read from their CSV files.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"

namespace ecozone::load {

// The requirements of one layer's units: unit code -> (dimension, requirement) pairs, in file order.
struct AccessList {
    std::string layer_id;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_code;
};

// Reads the access list of every catalog layer that names one. Throws ecozone::Error naming the file
// (and the catalog line for a missing code column).
std::vector<AccessList> load_access_lists(const catalog::Catalog& catalog, Diagnostics& diagnostics);

}  // namespace ecozone::load
