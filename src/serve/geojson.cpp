#include "serve/geojson.hpp"

#include <memory>

namespace ecozone::serve {

namespace {

struct WriterDeleter {
    void operator()(GEOSGeoJSONWriter* w) const { GEOSGeoJSONWriter_destroy_r(geom::geos(), w); }
};

}  // namespace

nlohmann::ordered_json geometry_json(const GEOSGeometry* g) {
    if (!g || GEOSisEmpty_r(geom::geos(), g)) return nullptr;
    thread_local std::unique_ptr<GEOSGeoJSONWriter, WriterDeleter> writer(GEOSGeoJSONWriter_create_r(geom::geos()));
    char* text = GEOSGeoJSONWriter_writeGeometry_r(geom::geos(), writer.get(), g, -1);
    if (!text) return nullptr;
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(text, nullptr, false);
    GEOSFree_r(geom::geos(), text);
    return j.is_discarded() ? nlohmann::ordered_json(nullptr) : j;
}

}  // namespace ecozone::serve
