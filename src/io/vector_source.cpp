#include "io/vector_source.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/text.hpp"
#include "io/crs.hpp"
#include "io/gdal_handles.hpp"

namespace ecozone::io {

namespace fs = std::filesystem;

int VectorData::field_index(const std::string& name) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == name) return static_cast<int>(i);
    return -1;
}

namespace {

std::string label_of(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    std::string out;
    if (auth && code) {
        out = std::string(auth) + ":" + code;
    } else {
        // Shapefile .prj files carry no codes; ask PROJ for a confident match.
        int n = 0;
        int* confidence = nullptr;
        OGRSpatialReferenceH* matches = srs.FindMatches(nullptr, &n, &confidence);
        if (matches && n > 0 && confidence[0] >= 90) {
            auto* best = OGRSpatialReference::FromHandle(matches[0]);
            const char* a = best->GetAuthorityName(nullptr);
            const char* c = best->GetAuthorityCode(nullptr);
            if (a && c) out = std::string(a) + ":" + c;
        }
        if (matches) OSRFreeSRSArray(matches);
        CPLFree(confidence);
    }
    const char* name = srs.GetName();
    if (name) out += out.empty() ? std::string(name) : " (" + std::string(name) + ")";
    return out.empty() ? "unnamed CRS" : out;
}

struct DatasetDeleter {
    std::string memory_copy;  // a /vsimem/ folder holding a copy of the source, removed once it is closed
    void operator()(GDALDataset* d) const {
        GDALClose(d);
        if (!memory_copy.empty()) VSIRmdirRecursive(memory_copy.c_str());
    }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetDeleter>;

bool has_extension(const fs::path& p, std::string_view ext) {
    std::string e = p.extension().string();
    for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return e == ext;
}

// A Shapefile whose .shx index is missing or damaged: GDAL can rebuild the index from the .shp, but it
// writes the rebuilt file next to the data. Users' files are never written to, so the Shapefile is
// copied into memory (/vsimem/) without its .shx and the index rebuilt there. Null when that fails.
GDALDataset* open_with_rebuilt_shx(const std::string& source, char** open_options, std::string& memory_dir) {
    static std::atomic<int> counter{0};
    const fs::path shp(source);
    memory_dir = "/vsimem/ecozone-shx-" + std::to_string(++counter);
    const std::string stem = shp.stem().string();
    std::error_code ec;
    for (fs::directory_iterator it(shp.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& f = it->path();
        if (f.stem().string() != stem || has_extension(f, ".shx") || !it->is_regular_file(ec)) continue;
        std::ifstream in(f, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) return nullptr;
        auto* buffer = static_cast<GByte*>(VSIMalloc(std::max<std::size_t>(bytes.size(), 1)));
        if (!buffer) return nullptr;
        std::memcpy(buffer, bytes.data(), bytes.size());
        const std::string name = has_extension(f, ".shp") ? stem + ".shp" : f.filename().string();
        VSILFILE* mem = VSIFileFromMemBuffer((memory_dir + "/" + name).c_str(), buffer, bytes.size(), TRUE);
        if (!mem) return nullptr;
        VSIFCloseL(mem);
    }
    CPLConfigOptionSetter restore("SHAPE_RESTORE_SHX", "YES", false);  // this thread only
    return GDALDataset::Open((memory_dir + "/" + stem + ".shp").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                             open_options, nullptr);
}

bool is_file_source(const std::string& source) {
    std::error_code ec;
    return fs::exists(source, ec);
}

DatasetPtr open_vector(const VectorReadRequest& req, const std::string* encoding, bool* rebuilt_shx = nullptr) {
    CPLStringList options;
    if (encoding) options.SetNameValue("ENCODING", encoding->c_str());
    CPLErrorReset();
    GDALDataset* ds = GDALDataset::Open(req.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                        encoding ? options.List() : nullptr, nullptr);
    if (!ds && has_extension(req.source, ".shp") && std::string(CPLGetLastErrorMsg()).find("SHX") != std::string::npos) {
        std::string memory_dir;
        CPLErrorReset();
        ds = open_with_rebuilt_shx(req.source, encoding ? options.List() : nullptr, memory_dir);
        if (ds) {
            if (rebuilt_shx) *rebuilt_shx = true;
            return DatasetPtr(ds, DatasetDeleter{memory_dir});
        }
        VSIRmdirRecursive(memory_dir.c_str());
    }
    if (!ds) {
        const std::string msg = take_gdal_error();
        const bool exists = is_file_source(req.source) || !fs::path(req.source).is_absolute();
        throw Error(req.where,
                    req.source_label + (exists ? " could not be read as a GIS vector file" : " does not exist") +
                        (msg.empty() ? "." : " (" + msg + ")."),
                    exists ? "The file may be damaged or incomplete (an interrupted copy?) or in a format GDAL "
                             "does not read as vectors; open it in QGIS to check, or export it again."
                           : "Check the path.");
    }
    return DatasetPtr(ds);
}

OGRLayer* pick_layer(GDALDataset& ds, const VectorReadRequest& req) {
    std::vector<std::string> names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) names.emplace_back(ds.GetLayer(i)->GetName());
    if (names.empty()) {
        throw Error(req.where, req.source_label + " holds no vector layers.",
                    "Check that this is the right file; rasters belong under [landcover].");
    }
    if (req.layer.empty()) {
        if (names.size() > 1) {
            throw Error(req.where,
                        req.source_label + " holds " + std::to_string(names.size()) + " layers (" +
                            text::join(names) + ") and none is named.",
                        "Add  layer = \"" + names.front() + "\"  (or whichever you mean) to this entry.");
        }
        return ds.GetLayer(0);
    }
    OGRLayer* layer = ds.GetLayerByName(req.layer.c_str());
    if (!layer) {
        throw Error(req.where,
                    req.source_label + " has no layer '" + req.layer + "'." + text::did_you_mean(req.layer, names),
                    "Its layers are: " + text::join(names) + ".");
    }
    return layer;
}

fs::path cpg_path_for(const std::string& source, const std::string& layer_name) {
    fs::path p(source);
    std::error_code ec;
    if (fs::is_directory(p, ec)) return p / (layer_name + ".cpg");
    return p.replace_extension(".cpg");
}

bool exists_any_case(fs::path p) {
    std::error_code ec;
    if (fs::exists(p, ec)) return true;
    p.replace_extension(".CPG");
    return fs::exists(p, ec);
}

// Reads the raw attribute bytes of a Shapefile without recoding and decides how to decode them:
// valid UTF-8 stays UTF-8, anything else is taken as GBK (CP936), what Chinese GIS software writes.
std::string detect_dbf_encoding(const VectorReadRequest& req, bool& all_ascii) {
    const std::string raw;
    DatasetPtr ds = open_vector(req, &raw);
    OGRLayer* layer = pick_layer(*ds, req);
    all_ascii = true;
    int checked = 0;
    layer->ResetReading();
    for (auto& feature : *layer) {
        for (int i = 0; i < feature->GetFieldCount(); ++i) {
            if (feature->GetFieldDefnRef(i)->GetType() != OFTString || !feature->IsFieldSetAndNotNull(i)) continue;
            const std::string_view v = feature->GetFieldAsString(i);
            for (char c : v) all_ascii = all_ascii && static_cast<unsigned char>(c) < 0x80;
            if (!text::is_valid_utf8(v)) return "CP936";
        }
        if (++checked >= 5000) break;
    }
    return "UTF-8";
}

bool looks_geographic(const OGREnvelope& e) {
    return e.MinX >= -180.5 && e.MaxX <= 360.5 && e.MinY >= -90.5 && e.MaxY <= 90.5;
}

// Catches the mistakes users actually make with Chinese coordinates before they turn into
// positions thousands of kilometres off.
void check_extent_fits_crs(const OGREnvelope& e, const OGRSpatialReference& srs, const VectorReadRequest& req,
                           const std::string& crs_label) {
    if (!(e.MinX <= e.MaxX)) return;  // empty layer
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.3f, %.3f – %.3f, %.3f", e.MinX, e.MinY, e.MaxX, e.MaxY);
    const std::string extent = buf;
    if (srs.IsGeographic()) {
        if (!looks_geographic(e)) {
            const std::string guess = guess_gauss_kruger(e.MinX, e.MinY, e.MaxX, e.MaxY);
            throw Error(req.where,
                        req.source_label + " says its CRS is " + crs_label +
                            " (degrees), but its coordinates (" + extent + ") are metres.",
                        guess.empty() ? "Set the projected CRS the data was made in with  " + req.crs_hint_key + " = \"EPSG:…\"."
                                      : "They look like " + guess + "; set  " + req.crs_hint_key + " = \"" +
                                            guess.substr(0, guess.find(' ')) + "\".");
        }
        return;
    }
    if (!srs.IsProjected()) return;
    const char* method = srs.GetAttrValue("PROJECTION");
    if (!method || std::string(method) != SRS_PT_TRANSVERSE_MERCATOR) return;
    const double false_easting = srs.GetNormProjParm(SRS_PP_FALSE_EASTING, 0.0);
    const bool crs_prefixed = false_easting >= 1e6;
    if (looks_geographic(e)) {
        throw Error(req.where,
                    req.source_label + " says its CRS is " + crs_label + " (metres), but its coordinates (" +
                        extent + ") are degrees.",
                    "Set  " + req.crs_hint_key + " = \"EPSG:4490\"  (CGCS2000 longitude/latitude) for this source.");
    }
    const bool data_prefixed = e.MinX >= 1e6 && e.MaxX < 1e8;
    if (data_prefixed && !crs_prefixed) {
        const std::string guess = guess_gauss_kruger(e.MinX, e.MinY, e.MaxX, e.MaxY);
        throw Error(req.where,
                    req.source_label + ": eastings (" + extent + ") carry a zone prefix, but " + crs_label +
                        " expects eastings without it.",
                    guess.empty() ? "Use the Gauss-Kruger CRS \"with zone prefix\" for this zone."
                                  : "Use " + guess + ":  " + req.crs_hint_key + " = \"" + guess.substr(0, guess.find(' ')) + "\".");
    }
    if (!data_prefixed && crs_prefixed && e.MaxX < 1e6) {
        throw Error(req.where,
                    req.source_label + ": eastings (" + extent + ") have no zone prefix, but " + crs_label +
                        " expects one (e.g. 35 500 000).",
                    "Use the matching Gauss-Kruger CRS without zone prefix (CGCS2000 3° zones: EPSG:4534–4554).");
    }
}

}  // namespace

std::vector<std::string> list_layers(const std::string& source) {
    init_gdal();
    std::vector<std::string> names;
    GDALDataset* ds = GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!ds) return names;
    for (int i = 0; i < ds->GetLayerCount(); ++i) names.emplace_back(ds->GetLayer(i)->GetName());
    GDALClose(ds);
    return names;
}

VectorData read_vector(const VectorReadRequest& req, Diagnostics& diagnostics) {
    init_gdal();
    VectorData out;

    bool rebuilt_shx = false;
    DatasetPtr ds = open_vector(req, nullptr, &rebuilt_shx);
    if (rebuilt_shx) {
        diagnostics.warn(req.where,
                         req.source_label + " has a missing or damaged .shx index; ecozone rebuilt it in memory from the "
                                            ".shp (the files on disk are left as they are).",
                         "Export the layer again, or rebuild the .shx in QGIS, to make the data complete.");
    }
    OGRLayer* layer = pick_layer(*ds, req);
    out.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
    out.layer_name = layer->GetName();

    // Attribute encoding: only Shapefile/DBF store text in a legacy code page.
    const bool dbf = out.driver == "ESRI Shapefile";
    if (dbf) {
        std::string encoding = req.encoding;
        const char* ldid = layer->GetMetadataItem("SOURCE_ENCODING", "SHAPEFILE");
        const std::string declared = ldid ? ldid : "";
        // A code page byte (LDID) other than the ANSI default is trusted like a .cpg file.
        const bool trusted_ldid = !declared.empty() && declared != "ISO-8859-1" && declared != "ISO8859_1";
        if (encoding.empty() && !trusted_ldid && !exists_any_case(cpg_path_for(req.source, out.layer_name))) {
            bool ascii = true;
            encoding = detect_dbf_encoding(req, ascii);
            if (encoding == "CP936") {
                diagnostics.warn(req.where,
                                 req.source_label + " has no .cpg file naming its text encoding; its attributes "
                                                    "are not UTF-8 and were read as GBK.",
                                 "If Chinese names look wrong, set  encoding = \"...\"  for this layer; add a .cpg "
                                 "file to make this explicit.");
            }
        }
        if (!encoding.empty()) {
            ds = open_vector(req, &encoding);
            layer = pick_layer(*ds, req);
            out.encoding = encoding;
        } else {
            const char* enc = layer->GetMetadataItem("SOURCE_ENCODING", "SHAPEFILE");
            out.encoding = enc ? enc : "";
        }
    } else if (!req.encoding.empty()) {
        diagnostics.note(req.where,
                         "encoding = \"" + req.encoding + "\" was ignored: " + out.driver +
                             " sources store text as Unicode.");
    }

    if (!req.attribute_filter.empty() && layer->SetAttributeFilter(req.attribute_filter.c_str()) != OGRERR_NONE) {
        throw Error(req.where, "the filter '" + req.attribute_filter + "' is not valid for " + req.source_label +
                                   ": " + take_gdal_error() + ".",
                    "Write it as an SQL condition on this layer's fields, e.g.  where = \"type = '1'\".");
    }

    // The CRS: from the catalog when given, else from the data; never guessed.
    OGREnvelope native;
    const bool has_extent = layer->GetExtent(&native, TRUE) == OGRERR_NONE;
    OGRSpatialReference src;
    const OGRSpatialReference* data_srs = layer->GetSpatialRef();
    if (!req.crs_override.empty()) {
        const CrsInfo info = describe_crs(req.crs_override, req.where);
        src.SetFromUserInput(req.crs_override.c_str());
        out.crs_from_catalog = true;
        if (data_srs && !data_srs->IsSame(&src)) {
            diagnostics.warn(req.where,
                             req.source_label + " declares " + label_of(*data_srs) + "; the catalog's " + info.label +
                                 " is used instead.");
        }
    } else if (data_srs) {
        src = *data_srs;
    } else {
        std::string hint = "Add  " + req.crs_hint_key + " = \"EPSG:…\"  with the CRS the data was made in";
        if (has_extent) {
            const std::string guess = guess_gauss_kruger(native.MinX, native.MinY, native.MaxX, native.MaxY);
            if (!guess.empty()) hint += "; its coordinates look like " + guess;
            else if (looks_geographic(native)) hint += "; its coordinates look like longitude/latitude (EPSG:4490 for CGCS2000)";
        }
        throw Error(req.where, req.source_label + " has no coordinate reference system (no .prj or CRS definition).",
                    hint + ". ecozone never guesses a CRS.");
    }
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    out.source_crs = label_of(src);
    out.source_geographic = src.IsGeographic();
    if (has_extent) check_extent_fits_crs(native, src, req, out.source_crs);

    OGRSpatialReference working;
    if (working.SetFromUserInput(req.target_crs.c_str()) != OGRERR_NONE) {
        throw Error(req.where, "the working CRS '" + req.target_crs + "' is not known to PROJ.",
                    "Set [catalog] crs to an EPSG code such as \"EPSG:4490\".");
    }
    std::unique_ptr<OGRSpatialReference> target(working.CloneGeogCS());
    target->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    TransformPtr transform;
    if (!src.IsSame(target.get())) {
        transform.reset(OGRCreateCoordinateTransformation(&src, target.get()));
        if (!transform) {
            throw Error(req.where,
                        "PROJ cannot transform " + out.source_crs + " into " + req.target_crs + ": " +
                            take_gdal_error() + ".",
                        "For Xi'an 80 or Beijing 54 data, supply the transformation as a PROJ pipeline or convert "
                        "the data to CGCS2000 first; ecozone does not invent datum parameters.");
        }
    }

    out.geometry_type = OGRGeometryTypeToName(layer->GetGeomType());
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());

    layer->ResetReading();
    CPLErrorReset();
    std::int64_t ordinal = 0;
    for (auto& feature : *layer) {
        ++ordinal;
        VectorFeature vf;
        vf.fid = feature->GetFID() == OGRNullFID ? ordinal : feature->GetFID();
        vf.values.resize(out.fields.size());
        for (int i = 0; i < static_cast<int>(out.fields.size()); ++i) {
            if (feature->IsFieldSetAndNotNull(i)) vf.values[static_cast<std::size_t>(i)] = feature->GetFieldAsString(i);
        }
        OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry && !geometry->IsEmpty()) {
            std::unique_ptr<OGRGeometry> linear;
            if (geometry->hasCurveGeometry()) {
                linear.reset(geometry->getLinearGeometry());
                geometry = linear.get();
            }
            geometry->flattenTo2D();
            if (transform && geometry->transform(transform.get()) != OGRERR_NONE) {
                Where w = req.where;
                w.feature = "feature " + std::to_string(vf.fid);
                throw Error(w, "its coordinates could not be transformed from " + out.source_crs + " to " +
                                   req.target_crs + " (" + take_gdal_error() + ").",
                            "Check that the layer's CRS is right; coordinates far outside the CRS's area fail.");
            }
            vf.wkb.resize(static_cast<std::size_t>(geometry->WkbSize()));
            geometry->exportToWkb(wkbNDR, vf.wkb.data(), wkbVariantIso);
        }
        out.features.push_back(std::move(vf));
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
        const std::string msg = take_gdal_error();
        throw Error(req.where, "reading " + req.source_label + " failed part-way: " + msg + ".",
                    "The file may be damaged; export it again.");
    }
    return out;
}

}  // namespace ecozone::io
