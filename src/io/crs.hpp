#pragma once
// Coordinate reference systems as users write them: "EPSG:4490", "EPSG:4523", WKT, PROJ strings.

#include <optional>
#include <vector>
#include <string>

#include "core/error.hpp"

namespace ecozone::io {

struct CrsInfo {
    std::string definition;  // as given
    std::string wkt;         // WKT2
    std::string label;       // "EPSG:4545 (CGCS2000 / 3-degree Gauss-Kruger CM 108E)"
    bool geographic = false;
    double semi_major_m = 6378137.0;
    double flattening = 1.0 / 298.257222101;
};

// Parses a CRS definition; throws ecozone::Error at `where` when PROJ does not know it.
CrsInfo describe_crs(const std::string& definition, const Where& where);

// Suggests the EPSG code of a CGCS2000 Gauss-Kruger CRS for coordinates that look like one:
// eastings with a zone prefix (e.g. 35 464 346) or unprefixed with known zone.
// Returns "" when the coordinates do not look like Gauss-Kruger in China.
std::string guess_gauss_kruger(double min_x, double min_y, double max_x, double max_y);

// EPSG code of the CGCS2000 Gauss-Kruger CRS with the zone prefix, for a 3° or 6° zone number.
std::optional<int> cgcs2000_gk_prefixed(int zone);
// EPSG code of the CGCS2000 Gauss-Kruger CRS without prefix for a central meridian.
std::optional<int> cgcs2000_gk_unprefixed(int central_meridian, bool three_degree);

}  // namespace ecozone::io

namespace ecozone::io {
// Transforms points given in `from` (x = easting/longitude first) into the geographic CRS of `to`
// (x = longitude). Points PROJ cannot transform become NaN (the caller says which). Throws
// ecozone::Error at `where` when PROJ knows no way between the two.
void transform_to_geographic(const std::string& from, const std::string& to, std::vector<double>& xs,
                             std::vector<double>& ys, const Where& where);
}  // namespace ecozone::io

namespace ecozone::io {
// Projects lon/lat (in the geographic CRS of `from`) into `to`, point by point; for drawing maps.
class Projector {
public:
    Projector(const std::string& from, const std::string& to);
    ~Projector();
    Projector(const Projector&) = delete;
    Projector& operator=(const Projector&) = delete;
    bool forward(double& x, double& y) const;  // lon/lat -> projected
    bool inverse(double& x, double& y) const;  // projected -> lon/lat

private:
    void* m_forward = nullptr;
    void* m_inverse = nullptr;
};
}  // namespace ecozone::io

namespace ecozone::io {
// "GDAL 3.6.2, PROJ 9.1.1": what read and transformed the data (part of the layer cache's key).
std::string data_library_versions();
}  // namespace ecozone::io
