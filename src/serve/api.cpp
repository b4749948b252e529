#include "serve/api.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "render/tile.hpp"
#include "serve/geojson.hpp"

namespace ecozone::serve {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr const char* k_crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
constexpr const char* k_geojson = "application/geo+json";
constexpr const char* k_openapi = "application/vnd.oai.openapi+json;version=3.0";

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : path) {
        if (c == '/') {
            if (!cur.empty()) parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) parts.push_back(cur);
    return parts;
}

long long parse_int(const std::string& text, long long min, long long max, const std::string& name) {
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || v < min || v > max) {
        throw HttpError(400, tr("'{1}' is not a valid {2}: give a whole number from {3} to {4}.", text, name,
                                std::to_string(min), std::to_string(max)));
    }
    return v;
}

geom::Envelope parse_bbox(const std::string& text) {
    std::vector<double> v;
    bool bad = false;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        double d = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), d);
        bad = bad || ec != std::errc{} || end != part.data() + part.size() || !std::isfinite(d);
        v.push_back(d);
    }
    if (bad || v.size() != 4 || v[0] > v[2] || v[1] > v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 ||
        v[3] > 90) {
        throw HttpError(400, tr("bbox '{1}' is not west,south,east,north in degrees.", text),
                        tr("Example: bbox=104.3,29.9,105.0,30.4"));
    }
    geom::Envelope e;
    e.min_x = v[0], e.min_y = v[1], e.max_x = v[2], e.max_y = v[3], e.empty = false;
    return e;
}

bool overlaps(const geom::Envelope& a, const geom::Envelope& b) {
    return !a.empty && !b.empty && a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

// The media type asked for: "json", "html" or a format named by ?f=.
std::string wanted(const Request& r, const std::string& default_format = "json") {
    if (const std::string* f = r.param("f")) return *f;
    const std::string accept = r.header("accept");
    if (accept.find("text/html") != std::string::npos) return "html";
    return default_format;
}

std::string content_type_of(const fs::path& p) {
    const std::string ext = p.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".png") return "image/png";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".map" || ext == ".json") return "application/json";
    return "application/octet-stream";
}

std::string percent_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

bool same_token(const std::string& given, const std::string& expected) {
    // Every byte of the longer one is looked at, whatever differs first: the time says nothing.
    const std::size_t n = std::max(given.size(), expected.size());
    unsigned char diff = given.size() == expected.size() ? 0 : 1;
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char a = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
        const unsigned char b = i < expected.size() ? static_cast<unsigned char>(expected[i]) : 0;
        diff |= static_cast<unsigned char>(a ^ b);
    }
    return diff == 0 && !expected.empty();
}

std::string base_url(const Request& r) {
    const std::string host = r.header("host");
    return "http://" + (host.empty() ? std::string("127.0.0.1") : host);
}

Api::Api(ApiConfig config, EditionHolder& editions)
    : m_config(std::move(config)), m_editions(editions), m_jobs(m_config.kept_runs, m_config.max_jobs),
      m_compute(m_config.compute_threads) {}

bool Api::authorized(const Request& r) const {
    if (m_config.token.empty()) return true;
    const std::string auth = r.header("authorization");
    if (auth.size() > 7 && (auth.compare(0, 7, "Bearer ") == 0 || auth.compare(0, 7, "bearer ") == 0)) {
        return same_token(auth.substr(7), m_config.token);
    }
    // Map tiles are fetched by <img> elements and GIS tile layers, which cannot send a header.
    if (const std::string* t = r.param("access_token"); t && r.method == "GET") return same_token(*t, m_config.token);
    return false;
}

Response Api::handle(const Request& request) {
    const std::shared_ptr<const Edition> edition = m_editions.get();
    Response res;
    try {
        res = route(request, edition);
    } catch (const HttpError& e) {
        res = problem(e.status(), e.message(), e.hint());
    } catch (const Error& e) {
        res = problem(e.kind() == ErrorKind::usage ? 400 : 422, e.what(), e.hint());
    } catch (const std::bad_alloc&) {
        res = problem(503, tr("ran out of memory; nothing was written."), tr("Send fewer sites at once."));
    } catch (const std::exception& e) {
        res = problem(500, tr("internal error: {1}", std::string(e.what())),
                      tr("This is a bug in ecozone. Please report it with the command you ran."));
    }
    // Header values are ASCII: the catalog's name goes percent-encoded (RFC 8187).
    res.headers.emplace_back("X-Ecozone-Edition", std::to_string(edition->number) + "; date=" + edition->catalog.date +
                                                      "; catalog*=UTF-8''" + percent_encode(edition->catalog.name) +
                                                      "; version*=UTF-8''" + percent_encode(edition->catalog.version));
    return res;
}

Response Api::route(const Request& r, const std::shared_ptr<const Edition>& e) {
    const std::vector<std::string> p = split_path(r.path);
    const bool get = r.method == "GET" || r.method == "HEAD";
    const std::string& m = r.method;
    // The page and its scripts are open to anyone who can reach the server; the API needs the token.
    if (p.empty() && get && wanted(r) == "html") return file(m_config.web_dir, "index.html");
    if (p.size() == 1 && p[0] == "favicon.ico" && get) {
        Response none;
        none.status = 204;
        none.content_type = "image/x-icon";
        return none;
    }
    if (p.size() >= 2 && p[0] == "static" && get) {
        if (p[1] == "leaflet") {
            std::string rest;
            for (std::size_t i = 2; i < p.size(); ++i) rest += (i > 2 ? "/" : "") + p[i];
            return file(m_config.leaflet_dir, rest);
        }
        if (p.size() == 2) return file(m_config.web_dir, p[1]);
    }
    if (!authorized(r)) {
        throw HttpError(401, tr("this server needs a token: send  Authorization: Bearer <token>."),
                        tr("Ask the server's operator for the token (the --token-file it was started with)."));
    }
    auto only = [&](bool ok, const char* allowed) {
        if (!ok) throw HttpError(405, tr("{1} is not allowed on {2}; use {3}.", m, r.path, std::string(allowed)));
    };
    if (p.empty()) {
        only(get, "GET");
        return landing(r, *e);
    }
    if (p[0] == "conformance" && p.size() == 1) {
        only(get, "GET");
        return conformance(r);
    }
    if (p[0] == "api" && p.size() == 1) {
        only(get, "GET");
        return openapi(r, *e);
    }
    if (p[0] == "collections") {
        only(get, "GET");
        if (p.size() == 1) return collections(r, *e);
        if (p.size() == 2) return collection(r, *e, p[1]);
        if (p.size() == 3 && p[2] == "items") return items(r, *e, p[1]);
        if (p.size() == 4 && p[2] == "items") return item(r, *e, p[1], p[3]);
    }
    if (p[0] == "processes") {
        if (p.size() == 1) {
            only(get, "GET");
            return processes(r);
        }
        if (p[1] != "screen") {
            throw HttpError(404, tr("there is no process '{1}'; the process is 'screen'.", p[1]));
        }
        if (p.size() == 2) {
            only(get, "GET");
            return process(r, *e);
        }
        if (p.size() == 3 && p[2] == "execution") {
            only(m == "POST", "POST");
            return m_compute.run([&] { return execute(r, e); });
        }
    }
    if (p[0] == "jobs") {
        if (p.size() == 1) {
            only(get, "GET");
            return jobs(r);
        }
        if (p.size() == 2 && m == "DELETE") return dismiss(r, p[1]);
        if (p.size() == 2) {
            only(get, "GET or DELETE");
            return job(r, p[1]);
        }
        if (p.size() == 3 && p[2] == "results") {
            only(get, "GET");
            return results(r, p[1]);
        }
    }
    if (p[0] == "tiles" && p.size() == 4) {
        only(get, "GET");
        std::string y = p[3];
        if (!y.ends_with(".png")) throw HttpError(404, tr("tiles are PNG images: /tiles/{z}/{x}/{y}.png."));
        return m_compute.run([&] { return tile(r, *e, p[1], p[2], y.substr(0, y.size() - 4)); });
    }
    if (p[0] == "admin" && p.size() == 2 && p[1] == "reload") {
        only(m == "POST", "POST");
        return reload(r);
    }
    throw HttpError(404, tr("there is nothing at {1}.", r.path), tr("The API is described at /api."));
}

Response Api::file(const fs::path& dir, const std::string& name) const {
    // Only plain names below the folder: no "..", no hidden files, no absolute paths.
    if (name.empty() || name.find("..") != std::string::npos || name.starts_with("/") || name.find('\\') != std::string::npos) {
        throw HttpError(404, tr("there is nothing at {1}.", name));
    }
    const fs::path path = dir / name;
    std::error_code ec;
    if (dir.empty() || !fs::is_regular_file(path, ec)) throw HttpError(404, tr("there is nothing at {1}.", name));
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    Response res;
    res.content_type = content_type_of(path);
    res.body = ss.str();
    res.headers.emplace_back("Cache-Control", "no-cache");
    return res;
}

Response Api::landing(const Request& r, const Edition& e) const {
    const std::string base = base_url(r);
    json links = json::array();
    links.push_back({{"href", base + "/?f=json"}, {"rel", "self"}, {"type", "application/json"}, {"title", "this document"}});
    links.push_back({{"href", base + "/?f=html"}, {"rel", "alternate"}, {"type", "text/html"}, {"title", "the screening page"}});
    links.push_back({{"href", base + "/api"}, {"rel", "service-desc"}, {"type", k_openapi}, {"title", "the API definition"}});
    links.push_back({{"href", base + "/conformance"}, {"rel", "conformance"}, {"type", "application/json"},
                     {"title", "OGC API conformance classes"}});
    links.push_back({{"href", base + "/collections"}, {"rel", "data"}, {"type", "application/json"},
                     {"title", "the zoning layers"}});
    links.push_back({{"href", base + "/processes"}, {"rel", "http://www.opengis.net/def/rel/ogc/1.0/processes"},
                     {"type", "application/json"}, {"title", "processes: screen"}});
    links.push_back({{"href", base + "/jobs"}, {"rel", "http://www.opengis.net/def/rel/ogc/1.0/job-list"},
                     {"type", "application/json"}, {"title", "screening jobs"}});
    links.push_back({{"href", base + "/tiles/{z}/{x}/{y}.png"}, {"rel", "item"}, {"type", "image/png"},
                     {"title", "map tiles (XYZ, Web Mercator), drawn with the map style"}, {"templated", true}});
    json j{{"title", "ecozone — " + e.catalog.name},
           {"description", "生态环境分区管控 选址筛查 / Screening of project sites against ecological zoning layers"},
           {"edition", e.describe()},
           {"links", links}};
    if (!m_config.base_map.empty()) j["base_map"] = m_config.base_map;
    j["layers"] = json::array();
    for (const auto& l : e.layers.layers) {
        j["layers"].push_back({{"id", l.spec.id}, {"title", l.spec.title}, {"role", catalog::role_name(l.spec.role)}});
    }
    geom::Envelope all;
    for (const auto& l : e.layers.layers) all.expand(l.report.extent);
    if (!all.empty) j["extent"] = {all.min_x, all.min_y, all.max_x, all.max_y};
    return Response::json(j);
}

Response Api::conformance(const Request&) const {
    return Response::json({{"conformsTo",
                            {"http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/core",
                             "http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/collections",
                             "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                             "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                             "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                             "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
                             "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json",
                             "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/oas30",
                             "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list",
                             "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss"}}});
}

namespace {

json collection_json(const std::string& base, const load::Layer& l) {
    json links = json::array();
    links.push_back({{"href", base + "/collections/" + l.spec.id}, {"rel", "self"}, {"type", "application/json"}});
    links.push_back({{"href", base + "/collections/" + l.spec.id + "/items"}, {"rel", "items"}, {"type", k_geojson},
                     {"title", l.spec.title}});
    json c{{"id", l.spec.id},
           {"title", l.spec.title},
           {"description", std::string(catalog::role_label(l.spec.role)) + " (" + std::string(catalog::role_name(l.spec.role)) + ")"},
           {"role", catalog::role_name(l.spec.role)},
           {"itemType", "feature"},
           {"crs", {k_crs84}},
           {"storageCrs", k_crs84},
           {"links", links}};
    if (!l.report.extent.empty) {
        const auto& x = l.report.extent;
        c["extent"] = {{"spatial", {{"bbox", {{x.min_x, x.min_y, x.max_x, x.max_y}}}, {"crs", k_crs84}}}};
    }
    c["numberOfFeatures"] = l.features.size();
    return c;
}

const load::Layer& find_layer(const Edition& e, const std::string& id, std::size_t* index = nullptr) {
    for (std::size_t i = 0; i < e.layers.layers.size(); ++i) {
        if (e.layers.layers[i].spec.id == id) {
            if (index) *index = i;
            return e.layers.layers[i];
        }
    }
    std::vector<std::string> ids;
    for (const auto& l : e.layers.layers) ids.push_back(l.spec.id);
    throw HttpError(404, tr("there is no collection '{1}'.{2}", id, text::did_you_mean(id, ids)),
                    tr("The collections are: {1}.", text::join(ids)));
}

json feature_json(const load::Layer& l, const load::Feature& f) {
    json props{{"code", f.code}, {"name", f.name}};
    if (!l.spec.zone_field.empty()) props["zone"] = f.zone;
    return {{"type", "Feature"}, {"id", f.fid}, {"geometry", geometry_json(f.geom.get())}, {"properties", props}};
}

}  // namespace

Response Api::collections(const Request& r, const Edition& e) const {
    const std::string base = base_url(r);
    json list = json::array();
    for (const auto& l : e.layers.layers) list.push_back(collection_json(base, l));
    return Response::json({{"links", {{{"href", base + "/collections"}, {"rel", "self"}, {"type", "application/json"}}}},
                           {"collections", list}});
}

Response Api::collection(const Request& r, const Edition& e, const std::string& id) const {
    return Response::json(collection_json(base_url(r), find_layer(e, id)));
}

Response Api::items(const Request& r, const Edition& e, const std::string& id) const {
    std::size_t li = 0;
    const load::Layer& l = find_layer(e, id, &li);
    const std::string f = wanted(r, "json");
    if (f != "json" && f != "geojson" && f != "html") {
        throw HttpError(406, tr("items come as GeoJSON; '{1}' is not offered.", f));
    }
    long long limit = 100, offset = 0;
    if (const std::string* v = r.param("limit")) limit = parse_int(*v, 1, 10'000, "limit");
    if (const std::string* v = r.param("offset")) offset = parse_int(*v, 0, 1'000'000'000, "offset");
    if (const std::string* v = r.param("bbox-crs"); v && *v != k_crs84) {
        throw HttpError(400, tr("bbox-crs '{1}' is not offered; bbox is longitude/latitude ({2}).", *v, std::string(k_crs84)));
    }
    if (const std::string* v = r.param("crs"); v && *v != k_crs84) {
        throw HttpError(400, tr("crs '{1}' is not offered; features come in longitude/latitude ({2}).", *v, std::string(k_crs84)));
    }
    std::optional<geom::Envelope> box;
    geom::GeomPtr box_geom;
    if (const std::string* v = r.param("bbox")) {
        box = parse_bbox(*v);
        box_geom.reset(GEOSGeom_createRectangle_r(geom::geos(), box->min_x, box->min_y, box->max_x, box->max_y));
    }
    std::vector<std::size_t> matched;
    for (std::size_t i = 0; i < l.features.size(); ++i) {
        if (box) {
            if (!overlaps(e.envelopes[li][i], *box)) continue;
            if (GEOSIntersects_r(geom::geos(), l.features[i].geom.get(), box_geom.get()) != 1) continue;
        }
        matched.push_back(i);
    }
    json features = json::array();
    const std::size_t begin = std::min<std::size_t>(static_cast<std::size_t>(offset), matched.size());
    const std::size_t end = std::min<std::size_t>(begin + static_cast<std::size_t>(limit), matched.size());
    for (std::size_t k = begin; k < end; ++k) features.push_back(feature_json(l, l.features[matched[k]]));
    const std::string base = base_url(r) + "/collections/" + id + "/items";
    auto page = [&](std::size_t at) {
        std::string q = "?limit=" + std::to_string(limit) + "&offset=" + std::to_string(at);
        if (box) q += "&bbox=" + *r.param("bbox");
        return base + q;
    };
    json links = json::array();
    links.push_back({{"href", page(begin)}, {"rel", "self"}, {"type", k_geojson}});
    if (end < matched.size()) links.push_back({{"href", page(end)}, {"rel", "next"}, {"type", k_geojson}});
    if (begin > 0) {
        links.push_back({{"href", page(begin > static_cast<std::size_t>(limit) ? begin - limit : 0)}, {"rel", "prev"},
                         {"type", k_geojson}});
    }
    json j{{"type", "FeatureCollection"},
           {"numberMatched", matched.size()},
           {"numberReturned", end - begin},
           {"timeStamp", utc_timestamp()},
           {"links", links},
           {"features", features}};
    return Response::json(j, 200, k_geojson);
}

Response Api::item(const Request& r, const Edition& e, const std::string& id, const std::string& fid) const {
    const load::Layer& l = find_layer(e, id);
    const long long want = parse_int(fid, std::numeric_limits<long long>::min() / 2, std::numeric_limits<long long>::max() / 2,
                                     "feature id");
    for (const auto& f : l.features) {
        if (f.fid != want) continue;
        json j = feature_json(l, f);
        j["links"] = {{{"href", base_url(r) + "/collections/" + id + "/items/" + fid}, {"rel", "self"}, {"type", k_geojson}},
                      {{"href", base_url(r) + "/collections/" + id}, {"rel", "collection"}, {"type", "application/json"}}};
        return Response::json(j, 200, k_geojson);
    }
    throw HttpError(404, tr("collection '{1}' has no feature {2}.", id, fid));
}

Response Api::tile(const Request&, const Edition& e, const std::string& zs, const std::string& xs,
                   const std::string& ys) const {
    const int z = static_cast<int>(parse_int(zs, 0, render::k_max_tile_zoom, "zoom"));
    const long long n = 1LL << z;
    const int x = static_cast<int>(parse_int(xs, 0, n - 1, "tile column"));
    const int y = static_cast<int>(parse_int(ys, 0, n - 1, "tile row"));
    render::TileSource src{&e.layers, &e.envelopes, &e.zone_lines, &e.zone_envelopes, &e.style};
    Response res;
    res.content_type = "image/png";
    res.body = render::render_tile(src, z, x, y);
    res.headers.emplace_back("Cache-Control", "max-age=60");
    return res;
}

Response Api::reload(const Request&) {
    if (!m_config.reload) throw HttpError(404, tr("this server cannot reload."));
    const std::string label = m_config.reload();
    return Response::json({{"reloaded", true}, {"edition", m_editions.get()->describe()}, {"label", label}});
}

}  // namespace ecozone::serve
