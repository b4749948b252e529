#pragma once
// Reads any OGR vector source into memory, transformed into the working geographic CRS
// (x = longitude, y = latitude), with attribute text decoded to UTF-8.

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/source.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"

namespace ecozone::io {

// A source to read (catalog::SourceSpec) and how: into which CRS, with which context for messages.
struct VectorReadRequest : catalog::SourceSpec {
    std::string target_crs = "EPSG:4490";  // working CRS; data lands in its geographic CRS
    Where where;               // context for messages: catalog file and line, layer label
    std::string crs_hint_key = "crs";  // how the user supplies a CRS, for hints ("crs", "--crs")
    // Sites: a feature whose coordinates are impossible is kept with `problem` set (and no geometry), so
    // that it stays in the results; for layers and zones it is an error.
    bool keep_bad_features = false;
};

struct VectorFeature {
    std::int64_t fid = 0;
    std::vector<unsigned char> wkb;  // empty when the feature has no geometry
    std::vector<std::string> values; // one per field, UTF-8; "" for null
    std::string problem;             // why its geometry cannot be used (keep_bad_features); "" when fine
};

struct VectorData {
    std::string driver;
    std::string layer_name;
    std::string source_crs;      // label of the CRS the data came in
    bool crs_from_catalog = false;
    bool source_geographic = false;  // the data's CRS is longitude/latitude
    std::string geometry_type;   // declared by the source: "Polygon", "Multi Polygon", …
    std::string encoding;        // attribute encoding used, "" when not applicable
    std::vector<std::string> fields;
    std::vector<VectorFeature> features;
    std::size_t unfiltered_count = 0;  // features before the attribute filter (= features.size() without one)

    // -1 when absent.
    int field_index(const std::string& name) const;
};

// Throws ecozone::Error for unreadable sources, unknown layers, missing or bad CRS, text that is not
// valid in its declared encoding, Shapefiles whose parts disagree, and coordinates that cannot be right
// (not finite, outside the globe or far outside the CRS's area of use, or spanning more than half the globe).
VectorData read_vector(const VectorReadRequest& request, Diagnostics& diagnostics);

// Names of the layers of a vector source (for messages and `ecozone layers`).
std::vector<std::string> list_layers(const std::string& source);

}  // namespace ecozone::io
