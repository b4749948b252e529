#pragma once
// Chinese web-map coordinates: GCJ-02 (Amap, Tencent) and BD-09 (Baidu) back to WGS 84 longitude/latitude.
// Only the forward GCJ-02 formula is public; the inverse iterates to sub-millimetre precision.

namespace ecozone::geom {

bool in_china(double lon, double lat);
void wgs84_to_gcj02(double lon, double lat, double& out_lon, double& out_lat);
void gcj02_to_wgs84(double lon, double lat, double& out_lon, double& out_lat);
void gcj02_to_bd09(double lon, double lat, double& out_lon, double& out_lat);
void bd09_to_gcj02(double lon, double lat, double& out_lon, double& out_lat);

}  // namespace ecozone::geom
