#include "io/polygonize.hpp"

#include <memory>
#include <string>

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "io/gdal_handles.hpp"

namespace ecozone::io {

std::vector<std::pair<int, geom::GeomPtr>> polygonize(const CodeGrid& grid, const std::string& label) {
    init_gdal();
    auto prepare_failed = [&] {
        return Error({label}, tr("the changed cells could not be prepared for the map: {1}", std::string(CPLGetLastErrorMsg())));
    };
    std::vector<std::pair<int, geom::GeomPtr>> out;
    if (grid.cols <= 0 || grid.rows <= 0) return out;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    std::unique_ptr<GDALDataset> raster(mem ? mem->Create("", grid.cols, grid.rows, 1, GDT_Byte, nullptr) : nullptr);
    if (!raster) throw prepare_failed();
    double gt[6] = {grid.x0, grid.dx, 0, grid.y_top, 0, -grid.dy};
    raster->SetGeoTransform(gt);
    GDALRasterBand* band = raster->GetRasterBand(1);
    std::vector<std::uint8_t> codes = grid.codes;  // RasterIO takes a non-const buffer
    if (band->RasterIO(GF_Write, 0, 0, grid.cols, grid.rows, codes.data(), grid.cols, grid.rows, GDT_Byte, 0, 0, nullptr) != CE_None)
        throw prepare_failed();
    GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");  // OGR's in-memory vectors
    std::unique_ptr<GDALDataset> vec(memory ? memory->Create("", 0, 0, 0, GDT_Unknown, nullptr) : nullptr);
    OGRLayer* layer = vec ? vec->CreateLayer("cells", nullptr, wkbPolygon, nullptr) : nullptr;
    if (!layer) throw prepare_failed();
    OGRFieldDefn field("code", OFTInteger);
    layer->CreateField(&field);
    // The band masks itself: code 0 makes no polygon.
    if (GDALPolygonize(band, band, layer, 0, nullptr, nullptr, nullptr) != CE_None) {
        throw Error({label}, tr("the changed cells could not be outlined for the map: {1}", std::string(CPLGetLastErrorMsg())));
    }
    layer->ResetReading();
    for (OGRFeature* f = layer->GetNextFeature(); f; f = layer->GetNextFeature()) {
        const std::unique_ptr<OGRFeature> owned(f);
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g) continue;
        std::vector<unsigned char> wkb(static_cast<std::size_t>(g->WkbSize()));
        g->exportToWkb(wkbNDR, wkb.data());
        if (geom::GeomPtr geos = geom::from_wkb(wkb.data(), wkb.size())) out.emplace_back(f->GetFieldAsInteger(0), std::move(geos));
    }
    return out;
}

}  // namespace ecozone::io
