#pragma once
// The server's API, as functions of a Request (no sockets here): OGC API – Features for the zoning
// layers, OGC API – Processes for screening (synchronous, or a job), XYZ map tiles, the page's files,
// and the operator's reload. Every bad request is a 4xx problem document in the words the command line
// uses; nothing a client sends names a file on the server.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "serve/compute.hpp"
#include "serve/edition.hpp"
#include "serve/http.hpp"
#include "serve/jobs.hpp"

namespace ecozone::serve {

struct ApiConfig {
    std::string token;                      // "" = no authentication
    std::filesystem::path web_dir;          // the page (index.html, app.js, app.css)
    std::filesystem::path leaflet_dir;      // Debian's libjs-leaflet
    std::filesystem::path work_dir;         // private folder for uploads and written results
    std::uint64_t max_upload_bytes = 50ull << 20;
    std::size_t max_sites = 10'000;         // per request
    std::size_t sync_max_sites = 200;       // more than this becomes a job
    std::size_t max_jobs = 2;               // accepted or running at once
    std::size_t kept_runs = 200;            // results kept for download
    std::size_t compute_threads = 2;        // threads that screen and draw (one per core)
    std::string base_map;                   // URL template of an optional base map ("" = none)
    // Loads the catalog again and swaps the new edition in; returns its label. Throws ecozone::Error.
    std::function<std::string()> reload;
};

class Api {
public:
    Api(ApiConfig config, EditionHolder& editions);
    Response handle(const Request& request);

    const ApiConfig& config() const { return m_config; }

private:
    Response route(const Request& r, const std::shared_ptr<const Edition>& e);
    bool authorized(const Request& r) const;

    Response landing(const Request& r, const Edition& e) const;
    Response conformance(const Request& r) const;
    Response openapi(const Request& r, const Edition& e) const;
    Response collections(const Request& r, const Edition& e) const;
    Response collection(const Request& r, const Edition& e, const std::string& id) const;
    Response items(const Request& r, const Edition& e, const std::string& id) const;
    Response item(const Request& r, const Edition& e, const std::string& id, const std::string& fid) const;
    Response processes(const Request& r) const;
    Response process(const Request& r, const Edition& e) const;
    Response execute(const Request& r, const std::shared_ptr<const Edition>& e);
    Response jobs(const Request& r) const;
    Response job(const Request& r, const std::string& id) const;
    Response results(const Request& r, const std::string& id);
    Response dismiss(const Request& r, const std::string& id);
    Response tile(const Request& r, const Edition& e, const std::string& z, const std::string& x,
                  const std::string& y) const;
    Response file(const std::filesystem::path& dir, const std::string& name) const;
    Response reload(const Request& r);

    nlohmann::ordered_json job_json(const Request& r, const Job& job) const;

    ApiConfig m_config;
    EditionHolder& m_editions;
    JobStore m_jobs;
    ComputePool m_compute;  // screening and tiles; connections only wait for it
};

// Constant-time comparison of a presented token with the expected one.
bool same_token(const std::string& given, const std::string& expected);

}  // namespace ecozone::serve
