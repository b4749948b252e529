#include "io/gpkg_writer.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "io/gdal_handles.hpp"

namespace ecozone::io {

namespace {

OGRwkbGeometryType ogr_type(OutGeometry g) {
    switch (g) {
        case OutGeometry::none: return wkbNone;
        case OutGeometry::multipoint: return wkbMultiPoint;
        case OutGeometry::multilinestring: return wkbMultiLineString;
        case OutGeometry::multipolygon: return wkbMultiPolygon;
        case OutGeometry::unknown: break;
    }
    return wkbUnknown;
}

}  // namespace

void write_gpkg(const std::string& path, const std::string& working_crs, const std::vector<OutLayer>& layers,
                const std::vector<OutStyle>& styles, const std::string& label) {
    init_gdal();
    const std::string name = label.empty() ? path : label;
    const std::string remedy = tr("Check that the output folder is writable and the disk is not full; nothing was put in place.");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    CPLErrorReset();
    GDALDataset* raw = driver ? driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr) : nullptr;
    if (!raw) {
        throw Error({name}, tr("could not create the GeoPackage: {1}.", take_gdal_error()),
                    remedy);
    }
    std::unique_ptr<GDALDataset> ds(raw);
    OGRSpatialReference working;
    working.SetFromUserInput(working_crs.c_str());
    working.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRSpatialReference> geographic(working.CloneGeogCS());
    geographic->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    TransformPtr ct;
    if (!working.IsSame(geographic.get())) ct.reset(OGRCreateCoordinateTransformation(geographic.get(), &working));

    for (const auto& l : layers) {
        const OGRwkbGeometryType type = ogr_type(l.geometry);
        OGRLayer* layer = ds->CreateLayer(l.name.c_str(), type == wkbNone ? nullptr : &working, type, nullptr);
        if (!layer) throw Error({name}, tr("could not create layer '{1}': {2}.", l.name, take_gdal_error()), remedy);
        for (const auto& f : l.fields) {
            OGRFieldDefn def(f.name.c_str(), f.type == OutField::Type::text   ? OFTString
                                             : f.type == OutField::Type::real ? OFTReal
                                                                              : OFTInteger64);
            if (layer->CreateField(&def) != OGRERR_NONE) {
                throw Error({name}, tr("could not create field '{1}': {2}.", f.name, take_gdal_error()), remedy);
            }
        }
        if (layer->StartTransaction() != OGRERR_NONE) throw Error({name}, tr("could not start writing: {1}",
                                                                             take_gdal_error()), remedy);
        for (const auto& of : l.features) {
            OGRFeature feature(layer->GetLayerDefn());
            for (std::size_t i = 0; i < of.values.size(); ++i) {
                const int idx = static_cast<int>(i);
                if (const auto* s = std::get_if<std::string>(&of.values[i])) feature.SetField(idx, s->c_str());
                else if (const auto* d = std::get_if<double>(&of.values[i])) {
                    if (std::isfinite(*d)) feature.SetField(idx, *d);
                    else feature.SetFieldNull(idx);  // no figure (e.g. no carbon table): NULL, never NaN
                }
                else feature.SetField(idx, static_cast<GIntBig>(std::get<long long>(of.values[i])));
            }
            if (!of.wkb.empty()) {
                OGRGeometry* g = nullptr;
                if (OGRGeometryFactory::createFromWkb(of.wkb.data(), nullptr, &g, of.wkb.size()) != OGRERR_NONE || !g) {
                    throw Error({name}, tr("a geometry of layer '{1}' could not be encoded: {2}.",
                                           l.name, take_gdal_error()),
                                tr("This is a fault in ecozone; please report it with the input."));
                }
                if (ct) g->transform(ct.get());
                if (type != wkbUnknown && type != wkbNone) g = OGRGeometryFactory::forceTo(g, type);
                if (type == wkbNone || (type != wkbUnknown && wkbFlatten(g->getGeometryType()) != type)) {
                    const std::string got = g->getGeometryName();
                    delete g;
                    throw Error({name}, tr("layer '{1}' holds only {2} geometries, not a {3}.",
                                           l.name, OGRGeometryTypeToName(type), got),
                                tr("This is a fault in ecozone; please report it with the input."));
                }
                feature.SetGeometryDirectly(g);
            }
            if (layer->CreateFeature(&feature) != OGRERR_NONE) {
                throw Error({name}, tr("could not write to layer '{1}': {2}.", l.name, take_gdal_error()), remedy);
            }
        }
        if (layer->CommitTransaction() != OGRERR_NONE) {
            throw Error({name}, tr("could not finish writing layer '{1}': {2}.", l.name, take_gdal_error()), remedy);
        }
    }
    if (!styles.empty()) {
        // The table QGIS reads default styles from (same columns QGIS itself creates).
        OGRLayer* ls = ds->CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
        if (!ls) throw Error({name}, tr("could not create the layer_styles table: {1}.", take_gdal_error()), remedy);
        const char* text_fields[] = {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                                     "styleQML",        "styleSLD",       "description",  "owner",             "ui",
                                     "update_time"};
        for (const char* f : text_fields) {
            OGRFieldDefn def(f, OFTString);
            if (ls->CreateField(&def) != OGRERR_NONE) throw Error({name}, tr("could not create layer_styles.{1}",
                                                                             std::string(f)), remedy);
        }
        OGRFieldDefn use("useAsDefault", OFTInteger);
        use.SetSubType(OFSTBoolean);
        if (ls->CreateField(&use) != OGRERR_NONE) throw Error({name}, tr("could not create layer_styles.useAsDefault"), remedy);
        for (const auto& st : styles) {
            OGRFeature f(ls->GetLayerDefn());
            f.SetField("f_table_catalog", "");
            f.SetField("f_table_schema", "");
            f.SetField("f_table_name", st.table.c_str());
            f.SetField("f_geometry_column", "geom");
            f.SetField("styleName", st.name.c_str());
            f.SetField("styleQML", st.qml.c_str());
            f.SetField("styleSLD", st.sld.c_str());
            f.SetField("description", "ecozone");
            f.SetField("update_time", "2000-01-01T00:00:00");
            f.SetField("useAsDefault", 1);
            if (ls->CreateFeature(&f) != OGRERR_NONE) throw Error({name}, tr("could not write layer_styles: {1}",
                                                                             take_gdal_error()), remedy);
        }
    }
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw Error({name}, tr("writing the GeoPackage failed: {1}.", take_gdal_error()), remedy);
    }
}

}  // namespace ecozone::io
