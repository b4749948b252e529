#pragma once
// The API over HTTP (cpp-httplib, Debian's libcpp-httplib-dev): a pool of worker threads, bounded request
// sizes and timeouts, one structured access-log line per request (never a request body), and a stop that
// lets the requests in flight finish.

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "serve/api.hpp"

namespace ecozone::serve {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port
    int threads = 32;
    std::uint64_t max_body_bytes = 70ull << 20;
    std::ostream* access_log = nullptr;  // null: no log
};

class Server {
public:
    Server(Api& api, ServerOptions options);
    ~Server();
    // Binds the address; returns the port. Throws ecozone::Error when it is taken or not allowed.
    int bind();
    // Serves until stop() (from another thread).
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace ecozone::serve
