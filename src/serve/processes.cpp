// OGC API – Processes: the screening process, its execution (synchronous, or a job with progress), the
// job list and the results in every output format the command line writes.

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/inputs.hpp"
#include "core/suggest.hpp"
#include "io/archive.hpp"
#include "report/screening_report.hpp"
#include "serve/api.hpp"
#include "serve/geojson.hpp"

namespace ecozone::serve {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string base_url(const Request& r);

namespace {

constexpr const char* k_formats[] = {"json", "csv", "xlsx", "gpkg", "html", "pdf", "kml"};

// Thrown out of a screening whose job was dismissed.
struct Dismissed {};

// A private folder for one request's upload and results, removed with everything in it.
class WorkDir {
public:
    explicit WorkDir(const fs::path& root) {
        std::string pattern = (root / "req-XXXXXX").string();
        if (root.empty() || !mkdtemp(pattern.data())) {
            throw HttpError(503, tr("the server could not make a working folder for this request."),
                            tr("The server's disk may be full; try again later."));
        }
        m_path = pattern;
    }
    ~WorkDir() {
        forget_inputs_under(m_path);
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

// Messages about an upload name it as the client did, never the server's folder.
std::string scrub(std::string text, const fs::path& dir) {
    const std::string prefix = dir.string() + "/";
    for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
    return text;
}

std::string b64_decode(const std::string& in) {
    static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    int val = 0, bits = -8;
    for (unsigned char c : in) {
        if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
        const std::size_t k = chars.find(static_cast<char>(c));
        if (k == std::string::npos) throw HttpError(400, tr("inputs.file.content is not base64."));
        val = (val << 6) + static_cast<int>(k);
        bits += 6;
        if (bits >= 0) {
            out.push_back(static_cast<char>((val >> bits) & 0xFF));
            bits -= 8;
        }
    }
    return out;
}

// A file name a client gave, reduced to a safe base name with the extension that says its format.
std::string safe_name(const std::string& given) {
    std::string base = fs::path(given).filename().string();
    std::string out;
    for (char c : base) {
        const unsigned char u = static_cast<unsigned char>(c);
        out += (u >= 0x80 || std::isalnum(u) || c == '.' || c == '-' || c == '_') ? c : '_';
    }
    while (!out.empty() && out.front() == '.') out.erase(out.begin());
    if (out.size() > 120) out = out.substr(out.size() - 120);
    return out;
}

const std::set<std::string> k_site_extensions = {".geojson", ".json", ".csv", ".txt", ".kml", ".xlsx", ".ods",
                                                 ".gpkg", ".zip", ".dxf"};

std::string extension_for(const std::string& content_type) {
    const std::string t = content_type.substr(0, content_type.find(';'));
    if (t == "text/csv") return ".csv";
    if (t == "application/geo+json") return ".geojson";
    if (t == "application/vnd.google-earth.kml+xml") return ".kml";
    if (t == "application/zip" || t == "application/x-zip-compressed") return ".zip";
    if (t == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") return ".xlsx";
    if (t == "application/vnd.oasis.opendocument.spreadsheet") return ".ods";
    if (t == "application/geopackage+sqlite3") return ".gpkg";
    if (t == "text/plain") return ".txt";
    return {};
}

double number_input(const json& inputs, const char* key, double min, double max, double fallback) {
    if (!inputs.contains(key) || inputs[key].is_null()) return fallback;
    const json& v = inputs[key];
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < min || v.get<double>() > max) {
        throw HttpError(400, tr("inputs.{1} must be a number from {2} to {3}.", std::string(key),
                                text::thousands(min, 0), text::thousands(max, 0)));
    }
    return v.get<double>();
}

std::string text_input(const json& inputs, const char* key) {
    if (!inputs.contains(key) || inputs[key].is_null()) return {};
    if (!inputs[key].is_string()) throw HttpError(400, tr("inputs.{1} must be text.", std::string(key)));
    return inputs[key].get<std::string>();
}

struct Upload {
    std::string name;     // safe base name, with its extension
    std::string content;  // the bytes
};

struct Inputs {
    Upload upload;
    load::SiteReadOptions options;
    std::string site_name;  // for a lone site without a name
    double search_m = 5000;
};

// GeoJSON given in the request (a geometry, a Feature or a FeatureCollection) as a FeatureCollection,
// with the request's name and category on a lone site.
std::string feature_collection(json sites, const std::string& name, const std::string& category) {
    if (!sites.is_object() || !sites.contains("type") || !sites["type"].is_string()) {
        throw HttpError(400, tr("inputs.sites must be GeoJSON: a geometry, a Feature or a FeatureCollection."));
    }
    const std::string type = sites["type"];
    if (type != "Feature" && type != "FeatureCollection") {
        sites = json{{"type", "Feature"}, {"properties", json::object()}, {"geometry", sites}};
    }
    if (sites["type"] == "Feature") {
        if (!sites.contains("properties") || !sites["properties"].is_object()) sites["properties"] = json::object();
        if (!sites["properties"].contains("id")) sites["properties"]["id"] = "S1";
        if (!name.empty()) sites["properties"]["name"] = name;
        if (!category.empty()) sites["properties"]["category"] = category;
        sites = json{{"type", "FeatureCollection"}, {"features", json::array({sites})}};
    } else if (!sites.contains("features") || !sites["features"].is_array()) {
        throw HttpError(400, tr("inputs.sites is a FeatureCollection without a \"features\" list."));
    } else if (!category.empty() || !name.empty()) {
        for (auto& f : sites["features"]) {
            if (!f.is_object()) continue;
            if (!f.contains("properties") || !f["properties"].is_object()) f["properties"] = json::object();
            if (!category.empty() && !f["properties"].contains("category")) f["properties"]["category"] = category;
        }
    }
    return sites.dump();
}

Inputs parse_inputs(const Request& r, std::uint64_t max_bytes) {
    Inputs in;
    const std::string type = r.header("content-type");
    const std::string media = type.substr(0, type.find(';'));
    if (media == "application/json") {
        json body = json::parse(r.body, nullptr, false);
        if (body.is_discarded()) {
            throw HttpError(400, tr("the request body is not valid JSON."),
                            tr("Send {\"inputs\": {\"sites\": <GeoJSON>, \"buffer_m\": 200}} (see /processes/screen)."));
        }
        if (!body.is_object() || !body.contains("inputs") || !body["inputs"].is_object()) {
            throw HttpError(400, tr("the request has no \"inputs\" object."),
                            tr("Send {\"inputs\": {\"sites\": <GeoJSON>, \"buffer_m\": 200}} (see /processes/screen)."));
        }
        const json& inputs = body["inputs"];
        static const std::set<std::string> known = {"sites", "file", "buffer_m", "search_m", "coords", "category", "name",
                                                    "crs", "layer"};
        for (const auto& [key, value] : inputs.items()) {
            if (!known.count(key)) {
                std::vector<std::string> names(known.begin(), known.end());
                throw HttpError(400, tr("inputs.{1} is not an input of the screen process.{2}", key,
                                        text::did_you_mean(key, names)),
                                tr("Its inputs are: {1}.", text::join(names)));
            }
        }
        const double buffer = number_input(inputs, "buffer_m", 0, 50'000, -1);
        if (buffer >= 0) in.options.default_buffer_m = buffer;
        in.search_m = number_input(inputs, "search_m", 0, 200'000, 5000);
        in.options.coords = text_input(inputs, "coords");
        in.options.crs = text_input(inputs, "crs");
        in.options.layer = text_input(inputs, "layer");
        const std::string category = text_input(inputs, "category");
        const std::string name = text_input(inputs, "name");
        const bool has_sites = inputs.contains("sites"), has_file = inputs.contains("file");
        if (has_sites == has_file) {
            throw HttpError(400, tr("give the sites either as inputs.sites (GeoJSON) or as inputs.file (a site file), not both or neither."));
        }
        if (has_sites) {
            in.upload = {"sites.geojson", feature_collection(inputs["sites"], name, category)};
        } else {
            const json& f = inputs["file"];
            if (!f.is_object() || !f.contains("name") || !f["name"].is_string() || !f.contains("content") ||
                !f["content"].is_string()) {
                throw HttpError(400, tr("inputs.file must be {\"name\": \"sites.csv\", \"content\": \"<base64>\"}."));
            }
            const std::string encoding = f.contains("encoding") && f["encoding"].is_string() ? f["encoding"].get<std::string>()
                                                                                             : "base64";
            if (encoding != "base64" && encoding != "text") {
                throw HttpError(400, tr("inputs.file.encoding must be base64 or text, not '{1}'.", encoding));
            }
            in.upload.name = safe_name(f["name"]);
            in.upload.content = encoding == "base64" ? b64_decode(f["content"]) : f["content"].get<std::string>();
        }
        if (has_file) {
            in.options.site_category = category;
            in.site_name = name;
        }
    } else if (!media.empty() && !extension_for(media).empty()) {
        // The site file as the body: curl --data-binary @sites.csv -H 'Content-Type: text/csv'.
        const std::string* given = r.param("filename");
        in.upload.name = safe_name(given ? *given : "sites" + extension_for(media));
        in.upload.content = r.body;
        if (const std::string* v = r.param("buffer_m")) {
            char* end = nullptr;
            const double b = std::strtod(v->c_str(), &end);
            if (end == v->c_str() || *end || !std::isfinite(b) || b < 0 || b > 50'000) {
                throw HttpError(400, tr("buffer_m must be a number from 0 to 50,000."));
            }
            in.options.default_buffer_m = b;
        }
        if (const std::string* v = r.param("coords")) in.options.coords = *v;
        if (const std::string* v = r.param("crs")) in.options.crs = *v;
    } else {
        throw HttpError(415, tr("the request body is {1}; send application/json, or a site file (text/csv, application/geo+json, application/zip …).",
                                media.empty() ? std::string("untyped") : media));
    }
    if (!in.options.coords.empty() && in.options.coords != "gcj02" && in.options.coords != "bd09") {
        throw HttpError(400, tr("--coords must be gcj02 or bd09, not '{1}'.", in.options.coords));
    }
    std::string ext = fs::path(in.upload.name).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (in.upload.name.empty() || !k_site_extensions.count(ext)) {
        throw HttpError(415, tr("'{1}' is not a site file ecozone reads.", in.upload.name),
                        tr("Send GeoJSON, KML, CSV (经度/纬度), Excel or ODS, a 界址点 TXT, a GeoPackage or a zipped Shapefile."));
    }
    if (in.upload.content.empty()) throw HttpError(400, tr("{1} is empty.", in.upload.name));
    if (in.upload.content.size() > max_bytes) {
        throw HttpError(413, tr("{1} is larger than this server takes ({2} MB).", in.upload.name, max_bytes >> 20));
    }
    return in;
}

// Writes the upload into `dir`; returns the path to read the sites from.
fs::path place_upload(const Upload& up, const fs::path& dir, std::uint64_t max_bytes) {
    const fs::path path = dir / up.name;
    {
        std::ofstream out(path, std::ios::binary);
        out.write(up.content.data(), static_cast<std::streamsize>(up.content.size()));
        if (!out) throw HttpError(503, tr("the server could not store the upload."), tr("Try again later."));
    }
    if (path.extension() != ".zip" && path.extension() != ".ZIP") return path;
    const fs::path unpacked = dir / "unpacked";
    fs::create_directory(unpacked);
    const auto files = io::extract_zip(path, unpacked, up.name, max_bytes);
    std::vector<fs::path> readable;
    for (const auto& f : files) {
        std::string ext = f.extension().string();
        for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext == ".shp" || (k_site_extensions.count(ext) && ext != ".zip" && ext != ".json")) readable.push_back(f);
    }
    if (readable.size() != 1) {
        throw HttpError(422, readable.empty() ? tr("{1} holds no site file (.shp, .geojson, .csv, .kml …).", up.name)
                                              : tr("{1} holds several site files; send one at a time.", up.name));
    }
    return readable.front();
}

json pieces_json(const Edition& e, const load::SiteSet& sites, const screen::ScreeningResult& result) {
    json features = json::array();
    for (std::size_t i = 0; i < sites.sites.size(); ++i) {
        for (const auto& h : result.sites[i].hits) {
            if (!h.overlaps || !h.piece) continue;
            const load::Layer& l = e.layers.layers[h.layer];
            const load::Feature& f = l.features[h.feature];
            features.push_back({{"type", "Feature"},
                                {"geometry", geometry_json(h.piece.get())},
                                {"properties",
                                 {{"site_id", sites.sites[i].id},
                                  {"layer", l.spec.id},
                                  {"layer_title", l.spec.title},
                                  {"role", catalog::role_name(l.spec.role)},
                                  {"feature_code", f.code},
                                  {"feature_name", f.name},
                                  {"zone", f.zone},
                                  {"verdict", screen::verdict_name(h.verdict)},
                                  {"overlap_m2", std::round(h.overlap_m2 * 100) / 100},
                                  {"overlap_len_m", std::round(h.overlap_len_m * 100) / 100},
                                  {"overlap_ratio", h.overlap_ratio}}}});
        }
    }
    return {{"type", "FeatureCollection"}, {"features", features}};
}

json sites_geojson(const load::SiteSet& sites, const screen::ScreeningResult& result) {
    json features = json::array();
    for (std::size_t i = 0; i < sites.sites.size(); ++i) {
        const auto& s = sites.sites[i];
        features.push_back({{"type", "Feature"},
                            {"geometry", geometry_json(s.footprint() ? s.footprint() : s.geom.get())},
                            {"properties",
                             {{"id", s.id},
                              {"name", s.name},
                              {"kind", load::site_kind_name(s.kind)},
                              {"verdict", screen::verdict_name(result.sites[i].verdict)},
                              {"verdict_label", screen::verdict_label(result.sites[i].verdict)}}}});
    }
    return {{"type", "FeatureCollection"}, {"features", features}};
}

Response document_response(const std::string& text) {
    Response r;
    r.body = text;
    return r;
}

report::ScreeningReport report_of(const Run& run) {
    const Edition& e = *run.edition;
    return report::ScreeningReport{e.catalog, e.layers, run.sites, e.rules, run.result, run.diagnostics, &e.style,
                                   &e.zones.features, {}};
}

json result_links(const std::string& base, const std::string& id) {
    json links = json::array();
    for (const char* f : k_formats) {
        links.push_back({{"href", base + "/jobs/" + id + "/results?f=" + f}, {"rel", "http://www.opengis.net/def/rel/ogc/1.0/results"},
                         {"title", f}});
    }
    return links;
}

}  // namespace

Response Api::processes(const Request& r) const {
    const std::string base = base_url(r);
    return Response::json(
        {{"processes",
          {{{"id", "screen"},
            {"title", "选址筛查 Screen project sites"},
            {"description", "Screens sites against the zoning layers: overlaps, distances, verdicts with reasons."},
            {"version", "1.0.0"},
            {"jobControlOptions", {"sync-execute", "async-execute", "dismiss"}},
            {"outputTransmission", {"value"}},
            {"links", {{{"href", base + "/processes/screen"}, {"rel", "self"}, {"type", "application/json"}}}}}}},
         {"links", {{{"href", base + "/processes"}, {"rel", "self"}, {"type", "application/json"}}}}});
}

Response Api::process(const Request& r, const Edition& e) const {
    const std::string base = base_url(r);
    json inputs{
        {"sites",
         {{"title", "项目 Sites (GeoJSON)"},
          {"description", "A GeoJSON geometry, Feature or FeatureCollection in longitude/latitude; properties id, name, "
                          "category (行业类别), buffer_m. Give this or file."},
          {"schema", {{"type", "object"}, {"contentMediaType", "application/geo+json"}}},
          {"minOccurs", 0}}},
        {"file",
         {{"title", "项目文件 A site file"},
          {"description", "{\"name\": \"sites.csv\", \"content\": \"<base64>\"}: any site file ecozone reads — CSV with "
                          "经度/纬度 (decimal or 度分秒), 勘测定界 TXT, KML, XLSX/ODS, GeoPackage, a zipped Shapefile."},
          {"schema",
           {{"type", "object"},
            {"required", {"name", "content"}},
            {"properties",
             {{"name", {{"type", "string"}}},
              {"content", {{"type", "string"}, {"contentEncoding", "base64"}}},
              {"encoding", {{"type", "string"}, {"enum", {"base64", "text"}}}}}}}},
          {"minOccurs", 0}}},
        {"buffer_m", {{"title", "占地半径 Footprint radius of points (m)"}, {"schema", {{"type", "number"}, {"minimum", 0}, {"maximum", 50000}}}, {"minOccurs", 0}}},
        {"search_m", {{"title", "Nearest features within (m)"}, {"schema", {{"type", "number"}, {"minimum", 0}, {"maximum", 200000}, {"default", 5000}}}, {"minOccurs", 0}}},
        {"coords", {{"title", "Web-map coordinates to convert first"}, {"schema", {{"type", "string"}, {"enum", {"gcj02", "bd09"}}}}, {"minOccurs", 0}}},
        {"category", {{"title", "行业类别 Category, for the rules"}, {"schema", {{"type", "string"}}}, {"minOccurs", 0}}},
        {"name", {{"title", "项目名称 Name of a single site"}, {"schema", {{"type", "string"}}}, {"minOccurs", 0}}},
        {"crs", {{"title", "CRS of a site file without one (e.g. EPSG:4523)"}, {"schema", {{"type", "string"}}}, {"minOccurs", 0}}},
        {"layer", {{"title", "Layer or sheet of the site file"}, {"schema", {{"type", "string"}}}, {"minOccurs", 0}}}};
    json outputs{{"screening",
                  {{"title", "筛查结果 The screening (the contract of screening.json), with the overlap pieces and sites as GeoJSON"},
                   {"schema", {{"type", "object"}, {"contentMediaType", "application/json"}}}}}};
    return Response::json({{"id", "screen"},
                           {"title", "选址筛查 Screen project sites"},
                           {"description", "Screens sites against the layers of " + e.catalog.name + "."},
                           {"version", "1.0.0"},
                           {"jobControlOptions", {"sync-execute", "async-execute", "dismiss"}},
                           {"outputTransmission", {"value"}},
                           {"inputs", inputs},
                           {"outputs", outputs},
                           {"links",
                            {{{"href", base + "/processes/screen/execution"},
                              {"rel", "http://www.opengis.net/def/rel/ogc/1.0/execute"},
                              {"type", "application/json"}}}}});
}

Response Api::execute(const Request& r, const std::shared_ptr<const Edition>& e) {
    const Inputs in = parse_inputs(r, m_config.max_upload_bytes);
    auto work = std::make_shared<WorkDir>(m_config.work_dir);
    auto run = std::make_shared<Run>();
    run->edition = e;
    try {
        const fs::path path = place_upload(in.upload, work->path(), m_config.max_upload_bytes);
        run->sites = load::read_sites(path.string(), in.options, e->layers.working_crs, e->layers.ellipsoid,
                                      run->diagnostics);
    } catch (const Error& err) {
        throw HttpError(err.kind() == ErrorKind::usage ? 400 : 422, scrub(err.what(), work->path()),
                        scrub(err.hint(), work->path()));
    }
    run->sites.source = in.upload.name;
    // The request's category (and name) go to the sites of a file that has none of their own.
    for (auto& s : run->sites.sites) {
        if (s.category.empty()) s.category = in.options.site_category;
        if (s.name.empty() && run->sites.sites.size() == 1) s.name = in.site_name;
    }
    if (run->sites.sites.size() > m_config.max_sites) {
        throw HttpError(413, tr("{1} lists {2} sites; this server screens at most {3} per request.", in.upload.name,
                                run->sites.sites.size(), m_config.max_sites),
                        tr("Split the file, or ask the server's operator for a higher limit."));
    }
    const bool async = r.header("prefer").find("respond-async") != std::string::npos ||
                       run->sites.sites.size() > m_config.sync_max_sites;
    std::shared_ptr<Job> job = m_jobs.create(async);
    if (!job) {
        throw HttpError(429, tr("{1} screening jobs are running already; try again when one has finished.", m_config.max_jobs));
    }
    job->total = run->sites.sites.size();
    const std::string base = base_url(r);
    auto screen_it = [this, run, base, search_m = in.search_m, dir = work->path()](Job& j) {
        j.stamp_started();
        j.status = JobStatus::running;
        j.total = run->sites.sites.size();
        const Edition& ed = *run->edition;
        screen::ScreeningOptions options;
        options.overlay.search_m = search_m;
        options.coverage.zones = &ed.zones.features;
        options.landcover = ed.landcover.options();
        // A dismissed job stops at its next site (the exception leaves TBB's loop and is caught below).
        options.progress = [&j](std::size_t done, std::size_t) {
            j.done = done;
            if (j.cancel) throw Dismissed{};
        };
        try {
            run->result = screen::screen_sites(*ed.index, run->sites, ed.rules, ed.access, options, run->diagnostics);
            // What reading and screening said names the upload, never the server's folder.
            run->diagnostics.edit([&dir](Diagnostic& d) {
                d.where.file = scrub(d.where.file, dir);
                d.message = scrub(d.message, dir);
                d.hint = scrub(d.hint, dir);
            });
            json doc = report::screening_json(report_of(*run));
            doc["edition"] = ed.describe();
            doc["overlaps"] = pieces_json(ed, run->sites, run->result);
            doc["site_shapes"] = sites_geojson(run->sites, run->result);
            doc["job_id"] = j.id;
            doc["links"] = result_links(base, j.id);
            run->document = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            j.done = j.total.load();
            if (j.status == JobStatus::dismissed) return;
            std::atomic_store(&j.run, run);
            j.stamp_finished();
            j.status = JobStatus::successful;
        } catch (const Dismissed&) {
            return;  // its status says dismissed already; nothing is kept
        } catch (const Error& err) {
            j.error = HttpError(422, scrub(err.what(), dir), scrub(err.hint(), dir));
            j.stamp_finished();
            j.status = JobStatus::failed;
        } catch (const std::exception& err) {
            j.error = HttpError(500, tr("internal error: {1}", std::string(err.what())));
            j.stamp_finished();
            j.status = JobStatus::failed;
        }
    };
    if (!async) {
        screen_it(*job);
        m_jobs.finished(*job);
        if (job->status == JobStatus::failed) throw *job->error;
        return document_response(run->document);
    }
    // The upload folder goes when the job is done with it (the sites are in memory by now).
    m_jobs.start(job, [screen_it, work](Job& j) mutable {
        screen_it(j);
        work.reset();
    });
    Response res = Response::json(job_json(r, *job), 201);
    res.headers.emplace_back("Location", base + "/jobs/" + job->id);
    res.headers.emplace_back("Preference-Applied", "respond-async");
    return res;
}

json Api::job_json(const Request& r, const Job& job) const {
    const std::string base = base_url(r);
    const JobStatus s = job.status;
    const std::size_t total = job.total, done = job.done;
    json j{{"jobID", job.id},
           {"processID", "screen"},
           {"type", "process"},
           {"status", job_status_name(s)},
           {"created", job.created},
           {"progress", total ? static_cast<int>(100 * done / total) : (s == JobStatus::successful ? 100 : 0)},
           {"sites_done", done},
           {"sites", total}};
    const auto [started, finished] = job.times();
    if (!started.empty()) j["started"] = started;
    if (!finished.empty()) j["finished"] = finished;
    if (s == JobStatus::failed && job.error) j["message"] = job.error->message();
    json links = json::array({{{"href", base + "/jobs/" + job.id}, {"rel", "self"}, {"type", "application/json"}}});
    if (s == JobStatus::successful) {
        for (auto& l : result_links(base, job.id)) links.push_back(l);
    }
    j["links"] = links;
    return j;
}

Response Api::jobs(const Request& r) const {
    json list = json::array();
    for (const auto& j : m_jobs.list()) list.push_back(job_json(r, *j));
    return Response::json({{"jobs", list}, {"links", {{{"href", base_url(r) + "/jobs"}, {"rel", "self"}}}}});
}

Response Api::job(const Request& r, const std::string& id) const {
    const auto j = m_jobs.find(id);
    if (!j) throw HttpError(404, tr("there is no job '{1}' (it may have been dismissed or expired).", id));
    return Response::json(job_json(r, *j));
}

Response Api::dismiss(const Request& r, const std::string& id) {
    const auto j = m_jobs.find(id);
    if (!j || !m_jobs.dismiss(id)) throw HttpError(404, tr("there is no job '{1}' (it may have been dismissed or expired).", id));
    return Response::json(job_json(r, *j));
}

Response Api::results(const Request& r, const std::string& id) {
    const auto j = m_jobs.find(id);
    if (!j) throw HttpError(404, tr("there is no job '{1}' (it may have been dismissed or expired).", id));
    const JobStatus s = j->status;
    if (s == JobStatus::failed && j->error) throw HttpError(j->error->status(), j->error->message(), j->error->hint());
    const std::shared_ptr<Run> run = std::atomic_load(&j->run);
    if (s != JobStatus::successful || !run) {
        throw HttpError(404, tr("job '{1}' has no results yet: it is {2}.", id, std::string(job_status_name(s))),
                        tr("Ask /jobs/{1} until its status is successful.", id));
    }
    const std::string f = r.param("f") ? *r.param("f") : "json";
    if (f == "json") return document_response(run->document);
    if (std::find(std::begin(k_formats), std::end(k_formats), f) == std::end(k_formats)) {
        throw HttpError(400, tr("'{1}' is no result format; give f=json, csv, xlsx, gpkg, html, pdf or kml.", f));
    }
    // Written afresh for each download (not kept: a batch's report.html alone can take many MB, and a
    // server keeps hundreds of runs).
    std::string bytes;
    {
        WorkDir dir(m_config.work_dir);
        const auto written = report::write_screening(report_of(*run), dir.path(), {f});
        if (written.empty()) throw HttpError(500, tr("the {1} result could not be written.", f));
        std::ifstream in(written.front(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        bytes = ss.str();
    }
    static const std::map<std::string, std::pair<std::string, std::string>> types = {
        {"csv", {"text/csv; charset=utf-8", "screening.csv"}},
        {"xlsx", {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "screening.xlsx"}},
        {"gpkg", {"application/geopackage+sqlite3", "screening.gpkg"}},
        {"html", {"text/html; charset=utf-8", "report.html"}},
        {"pdf", {"application/pdf", "report.pdf"}},
        {"kml", {"application/vnd.google-earth.kml+xml", "screening.kml"}}};
    Response res;
    res.content_type = types.at(f).first;
    res.body = std::move(bytes);
    res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + types.at(f).second + "\"");
    return res;
}

}  // namespace ecozone::serve
