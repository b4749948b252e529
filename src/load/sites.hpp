#pragma once
// Proposed project sites from any supported file: OGR vector sources, coordinate CSVs (decimal or
// degrees-minutes-seconds) and 勘测定界界址点 TXT. Points get a geodesic-circle footprint.

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"

namespace ecozone::load {

enum class SiteKind { point, line, polygon };
std::string_view site_kind_name(SiteKind kind);

struct Site {
    std::string id;
    std::string name;
    std::string category;
    SiteKind kind = SiteKind::polygon;
    geom::GeomPtr geom;       // as given (lon/lat), repaired when it was invalid
    geom::GeomPtr circles;    // a point's footprint with buffer_m: the circle(s) around it, where kept
    double buffer_m = 0;
    double area_m2 = 0;       // geodesic area of the footprint (0 for lines and bare points)
    double length_m = 0;      // geodesic length of a route
    std::vector<std::pair<std::string, std::string>> attributes;  // every source attribute, in order
    std::string origin;       // where it came from: "feature 3", "line 12", "parcel J-1"
    // Why the site cannot be screened (no geometry, a shape that collapses, impossible coordinates); it
    // stays in the results with verdict review and this reason. Empty for a site that is screened.
    std::string problem;

    // What is screened: the circles around a point with buffer_m, else the geometry itself. Null for a site
    // that is not screened, and for a point whose circles were not kept (footprint_of makes them again).
    const GEOSGeometry* footprint() const { return kind == SiteKind::point && buffer_m > 0 ? circles.get() : geom.get(); }
};

struct SiteReadOptions {
    std::string layer;
    std::string id_field, name_field, category_field;
    std::string buffer_field;               // default: buffer_m / 占地半径米 when present
    std::optional<double> default_buffer_m;  // --buffer-m
    std::string coords;                      // "", "gcj02" or "bd09"
    std::string crs;                         // --crs: supplies or overrides the CRS
    std::string site_name, site_category;    // --name, --category: for sites given on the command line
    // Keep the circles around points (720 vertices each) once measured. Without them (when no output draws
    // or writes shapes) 100,000 sites take a third less memory; footprint_of() makes one again when asked.
    bool keep_circles = true;
    // Up to this many circles are kept either way (4,096: 70 MB at most), so that each is made once.
    std::size_t circles_kept_anyway = 4096;
};

struct SiteSet {
    std::string source;  // as given
    std::string format;  // "GeoJSON", "CSV", "界址点 TXT", …
    std::string source_crs;
    std::vector<Site> sites;
};

// What is screened of a site: its footprint as held, or for a point whose circle was not kept the circle
// made again (the same vertices, so the same answers). Null for a site that is not screened.
struct FootprintRef {
    geom::GeomPtr made;
    const GEOSGeometry* geom = nullptr;
    const GEOSGeometry* get() const { return geom; }
};
FootprintRef footprint_of(const Site& site, const geom::Ellipsoid& ellipsoid);

SiteSet read_sites(const std::string& path, const SiteReadOptions& options, const std::string& working_crs,
                   const geom::Ellipsoid& ellipsoid, Diagnostics& diagnostics);

// Sites typed on the command line for a quick check: `points` "LON,LAT" (degrees, decimal or 度分秒; X,Y
// with options.crs) with options.default_buffer_m, and `wkts` in well-known text. Ids are P1…, W1… (P, W
// for a single one). Bad text is a usage Error naming the argument.
SiteSet sites_from_command_line(const std::vector<std::string>& points, const std::vector<std::string>& wkts,
                                const SiteReadOptions& options, const std::string& working_crs,
                                const geom::Ellipsoid& ellipsoid, Diagnostics& diagnostics);

// Repairs, footprints and measures of sites just read (`path` names them in messages); checks that ids are
// unique. Used by the readers above.
void finish_sites(SiteSet& set, const std::string& path, const geom::Ellipsoid& ellipsoid, Diagnostics& diagnostics,
                  bool keep_circles = true, std::size_t circles_kept_anyway = SiteReadOptions{}.circles_kept_anyway);


}  // namespace ecozone::load
