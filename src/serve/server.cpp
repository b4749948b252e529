#include "serve/server.hpp"

#include <chrono>
#include <cmath>
#include <mutex>

#include <httplib.h>

#include "core/i18n.hpp"
#include "serve/jobs.hpp"

namespace ecozone::serve {

struct Server::Impl {
    Api& api;
    ServerOptions options;
    httplib::Server http;
    std::mutex log_mutex;
    int port = 0;

    Impl(Api& a, ServerOptions o) : api(a), options(std::move(o)) {}

    void serve(const httplib::Request& in, httplib::Response& out) {
        const auto start = std::chrono::steady_clock::now();
        Request r;
        r.method = in.method;
        r.path = in.path;
        for (const auto& [k, v] : in.params) r.query.emplace(k, v);
        for (const auto& [k, v] : in.headers) {
            std::string key = k;
            for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            r.headers.emplace(key, v);
        }
        r.body = in.body;
        const Response res = api.handle(r);
        out.status = res.status;
        for (const auto& [k, v] : res.headers) out.set_header(k, v);
        out.set_content(res.body, res.content_type);
        log(in.method, in.path, res.status, res.body.size(), start);
    }

    void log(const std::string& method, const std::string& path, int status, std::size_t bytes,
             std::chrono::steady_clock::time_point start) {
        if (!options.access_log) return;
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        // The path only: no query string (it may carry a token) and never a body.
        nlohmann::ordered_json line{{"time", utc_timestamp()}, {"method", method}, {"path", path},
                                    {"status", status}, {"ms", std::round(ms * 100) / 100}, {"bytes", bytes}};
        std::lock_guard lock(log_mutex);
        *options.access_log << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n" << std::flush;
    }
};

Server::Server(Api& api, ServerOptions options) : m_impl(std::make_unique<Impl>(api, std::move(options))) {
    auto& http = m_impl->http;
    const int threads = std::max(1, m_impl->options.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    http.set_payload_max_length(m_impl->options.max_body_bytes);
    http.set_read_timeout(15, 0);   // a client that sends its headers or body too slowly is cut off
    http.set_write_timeout(60, 0);
    http.set_keep_alive_max_count(1000);
    // A kept-alive connection holds its worker thread while it waits: a short wait keeps the pool fair.
    http.set_keep_alive_timeout(2);
    // Headers and body go out as soon as written: without this, Nagle's algorithm and the client's delayed
    // ACK add 40 ms to every answer.
    http.set_tcp_nodelay(true);
    auto handler = [impl = m_impl.get()](const httplib::Request& in, httplib::Response& out) { impl->serve(in, out); };
    http.Get(".*", handler);
    http.Post(".*", handler);
    http.Delete(".*", handler);
    http.Put(".*", handler);
    http.Patch(".*", handler);
    http.Options(".*", handler);
    // What httplib refuses itself (a body over the limit, a malformed request line) also gets a problem
    // document.
    http.set_error_handler([impl = m_impl.get()](const httplib::Request& in, httplib::Response& out) {
        if (!out.body.empty()) return;
        const Response p = out.status == 413 ? problem(413, tr("the request is larger than this server takes ({1} MB).",
                                                               impl->options.max_body_bytes >> 20),
                                                       tr("Send fewer or smaller sites, or ask the server's operator for a "
                                                          "higher --max-upload-mb."))
                                             : problem(out.status, tr("the request could not be read ({1}).", out.status));
        out.set_content(p.body, p.content_type);
        impl->log(in.method, in.path, out.status, p.body.size(), std::chrono::steady_clock::now());
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& out, std::exception_ptr) {
        const Response p = problem(500, tr("internal error: {1}", std::string("unexpected exception")),
                                   tr("This is a bug in ecozone. Please report it with the command you ran."));
        out.status = 500;
        out.set_content(p.body, p.content_type);
    });
}

Server::~Server() = default;

int Server::bind() {
    auto& o = m_impl->options;
    const int port = o.port == 0 ? m_impl->http.bind_to_any_port(o.host) : (m_impl->http.bind_to_port(o.host, o.port) ? o.port : -1);
    if (port < 0) {
        throw Error({}, tr("could not listen on {1}:{2}: the address is in use or not this machine's.", o.host, o.port),
                    tr("Choose another --port (or --port 0 for any free one), or check --host."), ErrorKind::usage);
    }
    m_impl->port = port;
    return port;
}

void Server::run() { m_impl->http.listen_after_bind(); }

void Server::stop() { m_impl->http.stop(); }

}  // namespace ecozone::serve
