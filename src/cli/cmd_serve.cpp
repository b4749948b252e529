#include "cli/cmd_serve.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <malloc.h>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <thread>

#include "core/atomic_file.hpp"
#include "core/data_files.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "io/gdal_handles.hpp"
#include "serve/api.hpp"
#include "serve/edition.hpp"
#include "serve/server.hpp"

namespace ecozone::cli {

namespace fs = std::filesystem;

namespace {

bool is_loopback(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}

std::string read_token(const std::string& path) {
    const std::string text = read_text_file(path, tr("the token file"), tr("Check the --token-file path."));
    const std::string token = text::trim(text);
    if (token.size() < 16 || token.find_first_of(" \t\r\n") != std::string::npos) {
        throw Error({path}, tr("the token must be one line of at least 16 characters without spaces."),
                    tr("Make one with  head -c 32 /dev/urandom | base64 > token.txt"), ErrorKind::usage);
    }
    return token;
}

// A private folder for uploads and written results (mode 0700), removed when the server stops.
class PrivateDir {
public:
    PrivateDir() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = (fs::path(tmp && *tmp ? tmp : "/tmp") / "ecozone-serve-XXXXXX").string();
        if (!mkdtemp(pattern.data())) {
            throw Error({pattern}, tr("could not create the server's working folder."),
                        tr("Set TMPDIR to a folder you can write to."));
        }
        m_path = pattern;
    }
    ~PrivateDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

}  // namespace

void ServeCommand::configure(CLI::App& app) {
    app.add_option("--catalog", m_catalog, tr("Layer catalog (TOML), e.g. layers/sample.toml"))->required();
    app.add_option("--host", m_host, tr("Address to listen on (default 127.0.0.1; any other needs --token-file or --no-auth)"));
    app.add_option("--port", m_port, tr("Port (default 8080; 0 = any free port)"))->check(whole_range(0, 65535));
    app.add_option("--threads", m_threads, tr("Connections served at once (default 32; a kept-alive connection holds one)"))
        ->check(whole_range(1, 1024));
    auto* token = app.add_option("--token-file", m_token_file,
                                 tr("File holding the token every API request must send as  Authorization: Bearer …"));
    app.add_flag("--no-auth", m_no_auth, tr("Serve another address without a token (only inside a trusted network)"))
        ->excludes(token);
    app.add_option("--max-upload-mb", m_max_upload_mb, tr("Largest site file a request may send (MB, default 50)"))
        ->check(finite_range(1, 2048, "MB"));
    app.add_option("--max-sites", m_max_sites, tr("Most sites one request may screen (default 10,000)"))
        ->check(whole_range(1, 1'000'000));
    app.add_option("--max-jobs", m_max_jobs, tr("Screening jobs running at once (default 2)"))->check(whole_range(1, 64));
    app.add_option("--leaflet-dir", m_leaflet_dir, tr("Leaflet for the page (default Debian's /usr/share/javascript/leaflet)"));
    app.add_flag("--quiet", m_quiet, tr("Print no access log"));
    m_cache.add_to(app);
}

int ServeCommand::run() {
    if (!is_loopback(m_host) && m_token_file.empty() && !m_no_auth) {
        throw Error({}, tr("--host {1} lets other machines connect, so the API needs a token.", m_host),
                    tr("Pass  --token-file FILE  (clients send  Authorization: Bearer <token>), or  --no-auth  inside a "
                       "trusted network."),
                    ErrorKind::usage);
    }
    const std::string token = m_token_file.empty() ? std::string{} : read_token(m_token_file);
    const fs::path web_dir = shipped_file("web/index.html").parent_path();
    if (!fs::is_regular_file(web_dir / "index.html")) {
        throw Error({(web_dir / "index.html").string()}, tr("the page's files are missing."), tr("Reinstall ecozone."));
    }
    if (!fs::is_regular_file(fs::path(m_leaflet_dir) / "leaflet.js")) {
        throw Error({m_leaflet_dir}, tr("Leaflet is not there (leaflet.js), so the page could not draw its map."),
                    tr("Install Debian's libjs-leaflet, or pass --leaflet-dir."), ErrorKind::usage);
    }

    // Signals go to one thread that waits for them; the others never see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up is that request's problem only

    // Few malloc arenas: with one per worker thread, memory freed by one request is not reused by the next
    // on another thread, and the resident size creeps up with the number of requests served.
    mallopt(M_ARENA_MAX, 2);
    // A request reads the few land-cover blocks under one parcel, from readers kept open between requests
    // (the blocks of an open raster stay in GDAL's cache): a small cache is all it needs, unless the operator
    // set GDAL_CACHEMAX.
    io::init_gdal();
    if (!std::getenv("GDAL_CACHEMAX")) GDALSetCacheMax64(16ll << 20);
    m_cache.open();
    const auto started = std::chrono::steady_clock::now();
    serve::EditionHolder editions(serve::load_edition(m_catalog, m_cache.get(), 1));
    print_diagnostics(name(), editions.get()->diagnostics);
    PrivateDir work;

    std::mutex reload_mutex;
    int next_number = 2;
    auto reload = [&]() -> std::string {
        std::lock_guard lock(reload_mutex);  // one reload at a time; requests go on meanwhile
        auto next = serve::load_edition(m_catalog, m_cache.get(), next_number);
        ++next_number;
        editions.set(next);
        return next->label();
    };

    serve::ApiConfig config;
    config.token = token;
    config.web_dir = web_dir;
    config.leaflet_dir = m_leaflet_dir;
    config.work_dir = work.path();
    config.max_upload_bytes = static_cast<std::uint64_t>(m_max_upload_mb * 1024 * 1024);
    config.max_sites = static_cast<std::size_t>(m_max_sites);
    config.max_jobs = static_cast<std::size_t>(m_max_jobs);
    config.compute_threads = std::max(1u, std::thread::hardware_concurrency());
    config.base_map = editions.get()->catalog.base_map;
    config.reload = reload;
    serve::Api api(config, editions);

    serve::ServerOptions options;
    options.host = m_host;
    options.port = m_port;
    options.threads = m_threads;
    // A base64 upload is 4/3 of the file, plus the JSON around it.
    options.max_body_bytes = config.max_upload_bytes / 3 * 4 + (1 << 20);
    options.access_log = m_quiet ? nullptr : &std::cerr;
    serve::Server server(api, options);
    const int port = server.bind();

    std::size_t features = 0;
    for (const auto& l : editions.get()->layers.layers) features += l.features.size();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::string shown_host = m_host.find(':') != std::string::npos ? "[" + m_host + "]" : m_host;
    std::cout << tr("ecozone serve: {1}: {2} layers, {3} features, loaded in {4} s", editions.get()->label(),
                    editions.get()->layers.layers.size(), features, text::fixed(secs, 1))
              << "\n"
              << tr("listening on http://{1}:{2}/ (Ctrl-C stops; SIGHUP reloads the catalog)", shown_host, port) << "\n"
              << std::flush;

    std::atomic<bool> stopping{false};
    std::thread waiter([&] {
        for (;;) {
            int sig = 0;
            if (sigwait(&signals, &sig) != 0) continue;
            if (sig == SIGHUP) {
                try {
                    const std::string label = reload();
                    std::cerr << "ecozone serve: " << tr("reloaded: {1}", label) << "\n";
                } catch (const Error& e) {
                    print_error(name(), tr("the reload failed; the edition in use stays: {1}", std::string(e.what())), e.hint());
                }
                continue;
            }
            if (stopping.exchange(true)) return;
            std::cerr << "ecozone serve: " << tr("stopping: the requests in flight are finished first") << "\n";
            server.stop();
            return;
        }
    });
    server.run();
    // run() also returns when listening fails: then wake the waiter so that it ends.
    if (!stopping.exchange(true)) pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return exit_ok;
}

}  // namespace ecozone::cli
