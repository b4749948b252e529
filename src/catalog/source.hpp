#pragma once
// Where features come from and what their attributes mean: one descriptor, from the catalog's
// [[layers]] and [zones] (or the command line's --zones and --sites) to the reader, so that each field is
// written once and travels as one value.

#include <string>

namespace ecozone::catalog {

struct SourceSpec {
    std::string source;      // resolved: absolute path, or a connection string (PG:, /vsi…)
    std::string as_written;  // how messages name it: the source as the user wrote it
    std::string layer;       // sub-layer; empty = the source's only layer
    std::string crs;         // supplies a missing CRS or overrides a wrong one
    std::string encoding;    // attribute encoding, for Shapefile/DBF sources
    std::string filter;      // OGR SQL attribute filter (the catalog's `where`)
    std::string code_field;  // identifies a feature (a zone's id_field)
    std::string name_field;  // names it in reports
    std::string zone_field;  // sub-zone (核心保护区 …), or a zone's group (city: group_field)
};

}  // namespace ecozone::catalog
