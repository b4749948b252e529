#pragma once
// screening.kml: the sites coloured by verdict, for 奥维互动地图 (Ovital Map), Google Earth and phones in
// the field. KML is WGS 84 longitude/latitude; CGCS2000 positions agree with WGS 84 to within a metre.

#include <string>

#include "report/screening_report.hpp"

namespace ecozone::report {

// One folder per verdict (most severe first), a placemark per screened site with its footprint, its
// verdict and reasons in the description; sites that were not screened are listed without geometry.
std::string screening_kml(const ScreeningReport& r);

}  // namespace ecozone::report
