#include "serve/http.hpp"

namespace ecozone::serve {

const std::string* Request::param(const std::string& name) const {
    const auto it = query.find(name);
    return it == query.end() ? nullptr : &it->second;
}

std::string Request::header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
}

Response Response::json(const nlohmann::ordered_json& j, int status, const std::string& type) {
    Response r;
    r.status = status;
    r.content_type = type;
    r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

Response problem(int status, const std::string& detail, const std::string& hint) {
    const char* title = status == 400   ? "Bad Request"
                        : status == 401 ? "Unauthorized"
                        : status == 403 ? "Forbidden"
                        : status == 404 ? "Not Found"
                        : status == 405 ? "Method Not Allowed"
                        : status == 406 ? "Not Acceptable"
                        : status == 409 ? "Conflict"
                        : status == 413 ? "Payload Too Large"
                        : status == 415 ? "Unsupported Media Type"
                        : status == 422 ? "Unprocessable Content"
                        : status == 429 ? "Too Many Requests"
                        : status == 503 ? "Service Unavailable"
                                        : "Internal Server Error";
    nlohmann::ordered_json j{{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
    if (!hint.empty()) j["hint"] = hint;
    Response r = Response::json(j, status, "application/problem+json");
    if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
}

}  // namespace ecozone::serve
