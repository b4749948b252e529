#include "io/vector_source.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iconv.h>
#include <map>
#include <memory>
#include <mutex>

#include "catalog/catalog.hpp"
#include "core/encoding.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/inputs.hpp"
#include "core/suggest.hpp"
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

// How the user gives a source its CRS: the command-line flag for sites, the catalog key for layers.
// `code` is "EPSG:4523", or empty when ecozone cannot tell which. "pass  --crs EPSG:4523", or
// "set  crs = "EPSG:4523"  in this source's catalog entry".
std::string how_to_set_crs(const VectorReadRequest& req, const std::string& code, bool capital = false) {
    const bool flag = req.crs_hint_key.starts_with("--");
    std::string out;
    if (flag) {
        out = code.empty() ? tr("pass  {1} EPSG:<code>  with the EPSG code of the CRS the data was made in (e.g.  {1} "
                                "EPSG:4523)", req.crs_hint_key)
                           : tr("pass  {1} {2}", req.crs_hint_key, code);
    } else {
        out = code.empty() ? tr("set  {1} = \"EPSG:<code>\"  in this source's catalog entry, with the EPSG code of the "
                                "CRS the data was made in (e.g. \"EPSG:4523\")", req.crs_hint_key)
                           : tr("set  {1} = \"{2}\"  in this source's catalog entry", req.crs_hint_key, code);
    }
    if (capital && !out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

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
    return out.empty() ? tr("unnamed CRS") : out;
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
        const std::string problem = exists ? tr("{1} could not be read as a GIS vector file", req.as_written)
                                           : tr("{1} does not exist", req.as_written);
        throw Error(req.where, msg.empty() ? tr("{1}.", problem) : tr("{1} ({2}).", problem, msg),
                    exists ? tr("The file may be damaged or incomplete (an interrupted copy?) or in a format GDAL does "
                                "not read as vectors; open it in QGIS to check, or export it again.")
                           : tr("Check the path."));
    }
    return DatasetPtr(ds);
}

OGRLayer* pick_layer(GDALDataset& ds, const VectorReadRequest& req) {
    std::vector<std::string> names;
    for (int i = 0; i < ds.GetLayerCount(); ++i) names.emplace_back(ds.GetLayer(i)->GetName());
    if (names.empty()) {
        throw Error(req.where, tr("{1} holds no vector layers.", req.as_written),
                    tr("Check that this is the right file; rasters belong under [landcover]."));
    }
    if (req.layer.empty()) {
        if (names.size() > 1) {
            throw Error(req.where,
                        tr("{1} holds {2} layers ({3}) and none is named.",
                           req.as_written, std::to_string(names.size()), text::join(names)),
                        tr("Add  layer = \"{1}\"  (or whichever you mean) to this entry.", names.front()));
        }
        return ds.GetLayer(0);
    }
    OGRLayer* layer = ds.GetLayerByName(req.layer.c_str());
    if (!layer) {
        throw Error(req.where,
                    tr("{1} has no layer '{2}'.{3}", req.as_written, req.layer, text::did_you_mean(req.layer, names)),
                    tr("Its layers are: {1}.", text::join(names)));
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
        if (!looks_geographic(e) && e.MinX >= -90.5 && e.MaxX <= 90.5 && e.MinY >= -180.5 && e.MaxY <= 180.5) {
            throw Error(req.where,
                        tr("{1}: its coordinates ({2}) have latitude first: longitude and latitude are swapped (China "
                           "lies at 73–136°E, 3–54°N).", req.as_written, extent),
                        tr("Swap the X and Y (longitude and latitude) of this data in a GIS, or export it again with "
                           "longitude first."));
        }
        if (!looks_geographic(e)) {
            const std::string guess = guess_gauss_kruger(e.MinX, e.MinY, e.MaxX, e.MaxY);
            throw Error(req.where,
                        tr("{1} says its CRS is {2} (degrees), but its coordinates ({3}) are metres.",
                           req.as_written, crs_label, extent),
                        guess.empty() ? tr("Give the projected CRS the data was made in: {1}.", how_to_set_crs(req, ""))
                                      : tr("They look like {1}: {2}.", guess,
                                           how_to_set_crs(req, guess.substr(0, guess.find(' ')))));
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
                    tr("{1} says its CRS is {2} (metres), but its coordinates ({3}) are degrees.",
                       req.as_written, crs_label, extent),
                    tr("{1} (CGCS2000 longitude/latitude).", how_to_set_crs(req, "EPSG:4490", true)));
    }
    const bool data_prefixed = e.MinX >= 1e6 && e.MaxX < 1e8;
    if (data_prefixed && !crs_prefixed) {
        const std::string guess = guess_gauss_kruger(e.MinX, e.MinY, e.MaxX, e.MaxY);
        throw Error(req.where,
                    tr("{1}: eastings ({2}) carry a zone prefix, but {3} expects eastings without it.",
                       req.as_written, extent, crs_label),
                    guess.empty() ? tr("Use the Gauss-Kruger CRS \"with zone prefix\" for this zone.")
                                  : tr("Use {1}: {2}.", guess, how_to_set_crs(req, guess.substr(0, guess.find(' ')))));
    }
    if (!data_prefixed && crs_prefixed && e.MaxX < 1e6) {
        throw Error(req.where,
                    tr("{1}: eastings ({2}) have no zone prefix, but {3} expects one (e.g. 35 500 000).",
                       req.as_written, extent, crs_label),
                    tr("Use the matching Gauss-Kruger CRS without zone prefix (CGCS2000 3° zones: EPSG:4534–4554)."));
    }
}


// A local source (file or folder) is checked before GDAL opens it: a pipe would block the open forever.
// The files beside a file source that share its name (a Shapefile's .dbf, .shx, .prj, .cpg) are checked
// and registered too, so that no output is ever written over them.
void check_source_files_at(const VectorReadRequest& req);

void check_source_files(const VectorReadRequest& req) {
    try {
        check_source_files_at(req);
    } catch (const Error& e) {
        if (req.where.empty() || req.where.file == e.where().file) throw;
        throw Error(req.where, e.message(), e.hint());  // at the catalog line and layer; the message names the file
    }
}

void check_source_files_at(const VectorReadRequest& req) {
    if (catalog::is_connection_string(req.source)) return;
    check_input_path(req.source, req.as_written, tr("Check the path."), PathKind::file_or_folder);
    const fs::path p(req.source);
    std::error_code ec;
    if (fs::is_directory(p, ec)) return;
    const std::string stem = p.stem().string();
    const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& f = it->path();
        if (f.stem().string() != stem || f == p) continue;
        const std::string ext = f.extension().string();
        if (ext.size() != 4 || it->is_directory(ec)) continue;  // .dbf .shx .prj .cpg .qix …
        check_input_path(f, tr("{1} (beside {2})", f.string(), req.as_written), tr("Remove or replace it."));
    }
}

fs::path sibling_any_case(const fs::path& p, const std::string& ext_lower) {
    std::error_code ec;
    for (const std::string& e : {ext_lower, [&] {
             std::string u = ext_lower;
             for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
             return u;
         }()}) {
        fs::path q = p;
        q.replace_extension(e);
        if (fs::exists(q, ec)) return q;
    }
    return {};
}

std::uint32_t le32(const unsigned char* b) {
    return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 | static_cast<std::uint32_t>(b[2]) << 16 |
           static_cast<std::uint32_t>(b[3]) << 24;
}

// The parts of a Shapefile must agree: GDAL trusts the .dbf header's record count and silently drops
// records beyond it, and pairs shapes with records by position.
void check_shapefile_parts(const VectorReadRequest& req) {
    if (!has_extension(req.source, ".shp")) return;
    const fs::path shp(req.source);
    const fs::path dbf = sibling_any_case(shp, ".dbf");
    if (dbf.empty()) {
        throw Error(req.where, tr("{1} has no .dbf beside it: the Shapefile's attribute table is missing.", req.as_written),
                    tr("Copy the .dbf file (same name as the .shp) into the same folder; a Shapefile is several "
                       "files (.shp, .shx, .dbf, .prj) that travel together."));
    }
    std::ifstream in(dbf, std::ios::binary);
    unsigned char head[32] = {};
    in.read(reinterpret_cast<char*>(head), sizeof head);
    std::error_code ec;
    const auto size = fs::file_size(dbf, ec);
    if (!in || ec) {
        throw Error(req.where, tr("{1} is too short to be a .dbf attribute table.", dbf.string()),
                    tr("The file is damaged or incomplete (an interrupted copy?); export the layer again."));
    }
    const std::uint64_t records = le32(head + 4);
    const std::uint64_t header_len = static_cast<std::uint64_t>(head[8]) | static_cast<std::uint64_t>(head[9]) << 8;
    const std::uint64_t record_len = static_cast<std::uint64_t>(head[10]) | static_cast<std::uint64_t>(head[11]) << 8;
    if (record_len > 0 && size > header_len) {
        const std::uint64_t held = (size - header_len) / record_len;  // the optional 0x1A end byte is less than a record
        if (held > records) {
            throw Error(req.where, tr("{1}: its header counts {2} records, but the file holds {3}; the others would be lost.", dbf.string(), std::to_string(records), std::to_string(held)),
                        tr("The .dbf was written incompletely or edited by hand; open the layer in QGIS and save it "
                           "as a new file, or export it again from the source system."));
        }
        if (held < records) {
            throw Error(req.where, tr("{1}: its header counts {2} records, but the file holds only {3} (it is cut short).",
                                      dbf.string(), std::to_string(records), std::to_string(held)),
                        tr("The file is damaged or incomplete (an interrupted copy?); copy or export it again."));
        }
    }
    const fs::path shx = sibling_any_case(shp, ".shx");
    if (shx.empty()) return;  // rebuilt in memory, with a warning
    const auto shx_size = fs::file_size(shx, ec);
    if (ec || shx_size < 100) return;  // a damaged .shx is rebuilt in memory
    const std::uint64_t shapes = (shx_size - 100) / 8;
    if (shapes != records) {
        throw Error(req.where, tr("{1}: the .shx indexes {2} shapes but the .dbf holds {3} records, so shapes and attributes "
                                  "cannot be paired.", req.as_written, std::to_string(shapes), std::to_string(records)),
                    tr("The parts of this Shapefile come from different versions; copy all of them (.shp, .shx, "
                       ".dbf) from one export."));
    }
}

// What a Shapefile's text is declared to be, normalised: "utf-8", "gbk" (GBK, GB18030, CP936, 936), or
// "" for any other encoding (those are not checked beyond validity of the recoded text).
std::string encoding_family(std::string name) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string t;
    for (char c : name)
        if (c != '-' && c != '_' && c != ' ') t += c;
    if (t == "utf8" || t == "65001") return "utf-8";
    if (t == "gbk" || t == "gb18030" || t == "cp936" || t == "936" || t == "gb2312" || t == "euccn" || t == "ansi936") return "gbk";
    return "";
}

// Whether the system (iconv, which GDAL recodes with) knows an encoding name.
bool known_encoding(const std::string& name) {
    iconv_t cd = iconv_open("UTF-8", name.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    iconv_close(cd);
    return true;
}

struct RawText {
    bool all_utf8 = true;
    bool non_ascii = false;
    std::string first_bad_utf8;  // "feature 3, field 'name'"
    std::string first_bad_gbk;
    std::string utf8_sample;     // a non-ASCII value that is valid UTF-8, for messages
};

// Scans every text value of a Shapefile as stored (opened without recoding): what detecting its
// encoding and checking the declared one both read.
RawText scan_raw_text(const VectorReadRequest& req) {
    const std::string raw;
    DatasetPtr ds = open_vector(req, &raw);
    OGRLayer& layer = *pick_layer(*ds, req);
    RawText out;
    for (auto& feature : layer) {
        for (int i = 0; i < feature->GetFieldCount(); ++i) {
            if (feature->GetFieldDefnRef(i)->GetType() != OFTString || !feature->IsFieldSetAndNotNull(i)) continue;
            const std::string_view v = feature->GetFieldAsString(i);
            bool ascii = true;
            for (char c : v) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
            if (ascii) continue;
            out.non_ascii = true;
            const std::string where = tr("feature {1}, field '{2}'", feature->GetFID(),
                                         std::string(feature->GetFieldDefnRef(i)->GetNameRef()));
            if (!text::is_valid_utf8(v)) {
                if (out.all_utf8) out.first_bad_utf8 = where;
                out.all_utf8 = false;
            } else if (out.utf8_sample.empty()) {
                out.utf8_sample = std::string(v);
            }
            if (out.first_bad_gbk.empty()) {
                try {
                    text::gbk_to_utf8(v);
                } catch (const std::exception&) {
                    out.first_bad_gbk = where;
                }
            }
        }
    }
    return out;
}

// GeoPackage's reserved "undefined" systems (srs_id 0 and -1) and local engineering CRSs say nothing of
// where the data is.
bool is_undefined_crs(const OGRSpatialReference& srs) {
    if (srs.IsLocal()) return true;
    const char* name = srs.GetName();
    return name && std::string_view(name).starts_with("Undefined");
}

// The longitude/latitude box where a (geographic) CRS is meant to be used, widened by a margin. Empty
// (min > max) when PROJ knows none.
struct AreaOfUse {
    double west = 1, south = 1, east = -1, north = -1;
    std::string name;
    std::string crs_label;  // the CRS the area belongs to
    bool known() const { return west <= east; }
};

AreaOfUse area_of_use(const OGRSpatialReference& srs) {
    AreaOfUse a;
    const char* name = nullptr;
    double w = 0, s = 0, e = 0, n = 0;
    if (!srs.GetAreaOfUse(&w, &s, &e, &n, &name) || w > e) return a;  // none, or one that crosses 180°
    constexpr double margin = 3.0;
    a.west = std::max(-180.0, w - margin);
    a.east = std::min(180.0, e + margin);
    a.north = std::min(90.0, n + margin);
    a.name = name ? name : "";
    while (!a.name.empty() && a.name.back() == '.') a.name.pop_back();
    // PROJ's box for China's CRSs stops at 16.7°N; China's islands in the South China Sea reach 3.8°N.
    a.south = a.name.find("China") != std::string::npos ? std::min(s - margin, 0.0) : std::max(-90.0, s - margin);
    return a;
}

// What a source's CRS means for reading it into the working CRS: its label, the area where its datum is
// used, and the transformation. Working it out asks PROJ's database many questions (tens of milliseconds,
// which a server answering in milliseconds cannot spend on every request), and the answer depends only on
// the two CRSs: it is worked out once per pair and kept.
struct CrsWork {
    std::string source_label;
    AreaOfUse area;
    std::unique_ptr<OGRCoordinateTransformation> transform;  // null when no transformation is needed; Clone() to use
};

std::shared_ptr<const CrsWork> crs_work(const OGRSpatialReference& src, const VectorReadRequest& req) {
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    src.exportToWkt(&wkt, options);
    const std::string key = std::string(wkt ? wkt : "") + "\n" + req.target_crs + "\n" + (messages_in_chinese() ? "zh" : "en");
    CPLFree(wkt);
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const CrsWork>> kept;
    {
        std::lock_guard lock(mutex);
        if (auto it = kept.find(key); it != kept.end()) return it->second;
    }
    auto work = std::make_shared<CrsWork>();
    work->source_label = label_of(src);
    OGRSpatialReference working;
    if (working.SetFromUserInput(req.target_crs.c_str()) != OGRERR_NONE) {
        throw Error(req.where, tr("the working CRS '{1}' is not known to PROJ.", req.target_crs),
                    tr("Set [catalog] crs to an EPSG code such as \"EPSG:4490\"."));
    }
    std::unique_ptr<OGRSpatialReference> target(working.CloneGeogCS());
    target->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!src.IsSame(target.get())) {
        work->transform.reset(OGRCreateCoordinateTransformation(&src, target.get()));
        if (!work->transform) {
            throw Error(req.where,
                        tr("PROJ cannot transform {1} into {2}: {3}.", work->source_label, req.target_crs, take_gdal_error()),
                        tr("For Xi'an 80 or Beijing 54 data, supply the transformation as a PROJ pipeline or convert "
                           "the data to CGCS2000 first; ecozone does not invent datum parameters."));
        }
    }
    // Where the data's datum is used: coordinates far outside it are mistakes. The geographic CRS of the data,
    // not a projected CRS's own strip: a province keeps all its data in one Gauss-Kruger zone, far past the
    // zone's 3° (the working CRS's area when the data's datum has none, e.g. a custom .prj).
    const std::unique_ptr<OGRSpatialReference> datum(src.CloneGeogCS());
    work->area = datum ? area_of_use(*datum) : AreaOfUse{};
    work->area.crs_label = datum ? label_of(*datum) : work->source_label;
    if (!work->area.known()) {
        work->area = area_of_use(working);
        work->area.crs_label = tr("the working CRS {1}", label_of(working));
    }
    std::lock_guard lock(mutex);
    return kept.emplace(key, std::move(work)).first->second;
}


std::string deg(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4f", v);
    return b;
}

// Why a geometry's coordinates (lon/lat in the working geographic CRS) cannot be right, or "".
std::string coordinate_problem(const OGRGeometry& g, const AreaOfUse& area) {
    OGREnvelope e;
    g.getEnvelope(&e);
    if (!std::isfinite(e.MinX) || !std::isfinite(e.MaxX) || !std::isfinite(e.MinY) || !std::isfinite(e.MaxY)) {
        return tr("its coordinates are not all numbers (NaN or infinite values)");
    }
    if (e.MinX < -180 || e.MaxX > 180 || e.MinY < -90 || e.MaxY > 90) {
        return tr("its coordinates ({1}, {2} – {3}, {4}) lie outside the globe", deg(e.MinX), deg(e.MinY), deg(e.MaxX),
                  deg(e.MaxY));
    }
    if (e.MaxX - e.MinX > 180) {
        return tr("it spans {1}° of longitude: it crosses the antimeridian (180°) or covers more than half the "
                  "globe, which ecozone cannot measure or screen correctly", deg(e.MaxX - e.MinX));
    }
    if (area.known() && (e.MinX < area.west || e.MaxX > area.east || e.MinY < area.south || e.MaxY > area.north)) {
        return tr("it lies at {1}, {2} – {3}, {4} (longitude, latitude), far outside the area where {5} is used ({6}); "
                  "its coordinates are probably wrong (an unreadable value taken as 0, a mistyped or swapped number)",
                  deg(e.MinX), deg(e.MinY), deg(e.MaxX), deg(e.MaxY), area.crs_label, area.name);
    }
    return {};
}

// Checks a Shapefile's text against the encoding it is read in: a .cpg that says UTF-8 over GBK bytes (or
// GBK over UTF-8 text) would give garbled or broken names. `declared_by` says where the encoding came from.
void check_declared_encoding(const VectorReadRequest& req, const std::string& encoding, const std::string& declared_by,
                             const RawText& t) {
    if (!t.non_ascii) return;
    const std::string family = encoding_family(encoding);
    if (family == "utf-8" && !t.all_utf8) {
        Where w = req.where;
        w.feature = t.first_bad_utf8;
        throw Error(w,
                    t.first_bad_gbk.empty()
                        ? tr("{1}: {2} says the text is UTF-8, but it is not; it reads as GBK.", req.as_written, declared_by)
                        : tr("{1}: {2} says the text is UTF-8, but it is not.", req.as_written, declared_by),
                    t.first_bad_gbk.empty() ? tr("Write 936 (GBK) into the .cpg file, or set  encoding = \"GBK\"  for this layer.")
                                            : tr("Set  encoding = \"...\"  to the encoding the data was written in."));
    }
    if (family == "gbk" && t.all_utf8) {
        throw Error(req.where,
                    tr("{1}: {2} says the text is GBK, but it is UTF-8 (e.g. '{3}'); read as GBK every Chinese "
                       "name would be garbled.", req.as_written, declared_by, t.utf8_sample),
                    tr("Write UTF-8 into the .cpg file, or set  encoding = \"UTF-8\"  for this layer."));
    }
    if (family == "gbk" && !t.first_bad_gbk.empty()) {
        Where w = req.where;
        w.feature = t.first_bad_gbk;
        throw Error(w, tr("{1}: {2} says the text is GBK, but {3} holds bytes that are not GBK text.",
                          req.as_written, declared_by, t.first_bad_gbk),
                    tr("The .dbf may mix encodings or be damaged; fix the field in a GIS, or export the layer "
                       "again."));
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

    check_source_files(req);
    check_shapefile_parts(req);
    bool rebuilt_shx = false;
    std::string open_error;
    DatasetPtr ds;
    {
        const GdalErrorLog log;  // e.g. a GeoJSON "crs" PROJ does not know: GDAL says so, then reads WGS 84
        ds = open_vector(req, nullptr, &rebuilt_shx);
        if (!log.failures().empty()) open_error = log.failures().front();
    }
    if (rebuilt_shx) {
        diagnostics.warn(req.where,
                         tr("{1} has a missing or damaged .shx index; ecozone rebuilt it in memory from the .shp (the "
                            "files on disk are left as they are).", req.as_written),
                         tr("Export the layer again, or rebuild the .shx in QGIS, to make the data complete."));
    }
    OGRLayer* layer = pick_layer(*ds, req);
    out.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
    out.layer_name = layer->GetName();

    // Attribute encoding: only Shapefile/DBF store text in a legacy code page.
    const bool dbf = out.driver == "ESRI Shapefile";
    if (!req.encoding.empty() && !known_encoding(req.encoding)) {
        throw Error(req.where, tr("encoding = \"{1}\" is not a text encoding this system knows.", req.encoding),
                    tr("Chinese data is usually  encoding = \"GBK\"  (also written CP936 or GB18030) or  "
                       "\"UTF-8\"."));
    }
    if (dbf) {
        std::string encoding = req.encoding;
        const char* ldid = layer->GetMetadataItem("SOURCE_ENCODING", "SHAPEFILE");
        const std::string declared = ldid ? ldid : "";
        // A code page byte (LDID) other than the ANSI default is trusted like a .cpg file.
        const bool trusted_ldid = !declared.empty() && declared != "ISO-8859-1" && declared != "ISO8859_1";
        // The text as stored, read once: to detect the encoding when nothing declares it, and to check it.
        const RawText raw = scan_raw_text(req);
        if (encoding.empty() && !trusted_ldid && !exists_any_case(cpg_path_for(req.source, out.layer_name))) {
            // Valid UTF-8 stays UTF-8; anything else is taken as GBK (CP936), what Chinese GIS software writes.
            encoding = raw.all_utf8 ? "UTF-8" : "CP936";
            if (encoding == "CP936") {
                diagnostics.warn(req.where,
                                 tr("{1} has no .cpg file naming its text encoding; its attributes are not UTF-8 and were read "
                                    "as GBK.", req.as_written),
                                 tr("If Chinese names look wrong, set  encoding = \"...\"  for this layer; add a .cpg file to "
                                    "make this explicit."));
            }
        }
        std::string declared_by;
        if (!encoding.empty()) {
            declared_by = req.encoding.empty() ? tr("ecozone's detection") : tr("the catalog's encoding = \"{1}\"", req.encoding);
            ds = open_vector(req, &encoding);
            layer = pick_layer(*ds, req);
            out.encoding = encoding;
        } else {
            const char* enc = layer->GetMetadataItem("SOURCE_ENCODING", "SHAPEFILE");
            out.encoding = enc ? enc : "";
            declared_by = exists_any_case(cpg_path_for(req.source, out.layer_name)) ? tr("its .cpg file") : tr("its .dbf header");
        }
        check_declared_encoding(req, out.encoding, declared_by, raw);
    } else if (!req.encoding.empty()) {
        diagnostics.note(req.where,
                         tr("encoding = \"{1}\" was ignored: {2} sources store text as Unicode.", req.encoding, out.driver));
    }

    if (!req.filter.empty()) {
        // Counted only here (a full read for some drivers): an empty result then says of how many.
        out.unfiltered_count = static_cast<std::size_t>(std::max<GIntBig>(0, layer->GetFeatureCount(TRUE)));
        auto bad_filter = [&](const std::string& why) {
            std::vector<std::string> fields;
            for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
                fields.emplace_back(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
            throw Error(req.where,
                        why.empty() ? tr("the filter where = \"{1}\" is not a valid condition for {2}.",
                                         req.filter, req.as_written)
                                    : tr("the filter where = \"{1}\" is not a valid condition for {2} ({3}).", req.filter,
                                         req.as_written, why),
                        tr("Write it as an SQL condition on this layer's fields, e.g.  where = \"type = '1'\"; its "
                           "fields are: {1}.", text::join(fields)));
        };
        CPLErrorReset();
        if (layer->SetAttributeFilter(req.filter.c_str()) != OGRERR_NONE) bad_filter(take_gdal_error());
        // Some drivers (GeoPackage) only compile the condition when reading: read one feature to find out.
        layer->ResetReading();
        OGRFeatureUniquePtr first(layer->GetNextFeature());
        if (CPLGetLastErrorType() >= CE_Failure) bad_filter(take_gdal_error());
        layer->ResetReading();
    }

    // The CRS: from the catalog when given, else from the data; never guessed.
    OGREnvelope native;
    const bool has_extent = layer->GetExtent(&native, TRUE) == OGRERR_NONE;
    OGRSpatialReference src;
    const OGRSpatialReference* data_srs = layer->GetSpatialRef();
    if (!req.crs.empty()) {
        const CrsInfo info = describe_crs(req.crs, req.where);
        src.SetFromUserInput(req.crs.c_str());
        out.crs_from_catalog = true;
        if (data_srs && !data_srs->IsSame(&src)) {
            diagnostics.warn(req.where,
                             tr("{1} declares {2}; the catalog's {3} is used instead.",
                                req.as_written, label_of(*data_srs), info.label));
        }
    } else if (data_srs && !is_undefined_crs(*data_srs)) {
        if (!open_error.empty() && (out.driver == "GeoJSON" || out.driver == "GeoJSONSeq")) {
            throw Error(req.where,
                        tr("{1} names a coordinate reference system (its \"crs\" member) that PROJ does not know "
                           "({2}); GDAL would read it as WGS 84.", req.as_written, open_error),
                        tr("Fix the \"crs\" member (e.g. \"urn:ogc:def:crs:EPSG::4490\"), or remove it and {1}. "
                           "ecozone never guesses a CRS.", how_to_set_crs(req, "")));
        }
        src = *data_srs;
    } else {
        std::string hint = how_to_set_crs(req, "", true);
        if (has_extent) {
            const std::string guess = guess_gauss_kruger(native.MinX, native.MinY, native.MaxX, native.MaxY);
            if (!guess.empty()) {
                hint = tr("Its coordinates look like {1}: if that is right, {2}", guess,
                          how_to_set_crs(req, guess.substr(0, guess.find(' '))));
            } else if (looks_geographic(native)) {
                hint = tr("Its coordinates look like longitude/latitude: for CGCS2000, {1}",
                          how_to_set_crs(req, "EPSG:4490"));
            }
        }
        throw Error(req.where,
                    data_srs ? tr("{1} declares its coordinate reference system as undefined ({2}).", req.as_written,
                                  data_srs->GetName() ? std::string(data_srs->GetName()) : tr("unknown"))
                             : tr("{1} has no coordinate reference system (no .prj or CRS definition).", req.as_written),
                    tr("{1}. ecozone never guesses a CRS.", hint));
    }
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const std::shared_ptr<const CrsWork> crs = crs_work(src, req);
    out.source_crs = crs->source_label;
    out.source_geographic = src.IsGeographic();
    if (has_extent) check_extent_fits_crs(native, src, req, out.source_crs);
    TransformPtr transform(crs->transform ? crs->transform->Clone() : nullptr);
    const AreaOfUse& area = crs->area;

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
                w.feature = tr("feature {1}", vf.fid);
                throw Error(w, tr("its coordinates could not be transformed from {1} to {2} ({3}).",
                                  out.source_crs, req.target_crs, take_gdal_error()),
                            tr("Check that the layer's CRS is right; coordinates far outside the CRS's area fail."));
            }
            const std::string problem = coordinate_problem(*geometry, area);
            if (!problem.empty()) {
                Where w = req.where;
                w.feature = tr("feature {1}", vf.fid);
                if (!req.keep_bad_features) {
                    throw Error(w, tr("{1}.", problem),
                                tr("Fix this feature's coordinates in a GIS (or delete it); if the layer's CRS is wrong, "
                                   "{1}.", how_to_set_crs(req, "")));
                }
                vf.problem = problem;
            } else {
                vf.wkb.resize(static_cast<std::size_t>(geometry->WkbSize()));
                geometry->exportToWkb(wkbNDR, vf.wkb.data(), wkbVariantIso);
            }
        }
        for (std::size_t i = 0; i < vf.values.size(); ++i) {
            if (!text::is_valid_utf8(vf.values[i])) {
                Where w = req.where;
                w.feature = tr("feature {1}", vf.fid);
                w.field = out.fields[i];
                throw Error(w, tr("its text is not valid {1}.", out.encoding.empty() ? std::string("UTF-8") : out.encoding),
                            dbf ? tr("Set  encoding = \"GBK\"  (or the encoding the data was written in) for this source, "
                                     "or fix its .cpg file.")
                                : tr("Save the file again as UTF-8 in a GIS."));
            }
        }
        out.features.push_back(std::move(vf));
    }
    if (req.filter.empty()) out.unfiltered_count = out.features.size();
    if (CPLGetLastErrorType() >= CE_Failure) {
        const std::string msg = take_gdal_error();
        throw Error(req.where, tr("reading {1} failed part-way: {2}.", req.as_written, msg),
                    tr("The file may be damaged; export it again."));
    }
    return out;
}

}  // namespace ecozone::io
