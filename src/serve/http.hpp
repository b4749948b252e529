#pragma once
// Requests and responses as the API sees them, apart from any HTTP library: the handlers are plain
// functions of a Request, tested without a socket; serve/server.cpp carries them over cpp-httplib.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace ecozone::serve {

struct Request {
    std::string method;  // GET, POST, DELETE, HEAD
    std::string path;    // decoded, without the query
    std::multimap<std::string, std::string> query;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    const std::string* param(const std::string& name) const;
    std::string header(const std::string& name) const;  // "" when absent
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;

    static Response json(const nlohmann::ordered_json& j, int status = 200,
                         const std::string& type = "application/json");
};

// A request the server refuses: its status (4xx) and the words the command line would use.
class HttpError : public std::runtime_error {
public:
    HttpError(int status, std::string message, std::string hint = {})
        : std::runtime_error(message), m_status(status), m_message(std::move(message)), m_hint(std::move(hint)) {}
    int status() const { return m_status; }
    const std::string& message() const { return m_message; }
    const std::string& hint() const { return m_hint; }

private:
    int m_status;
    std::string m_message;
    std::string m_hint;
};

// An RFC 7807 problem document: {"type", "title", "status", "detail", "hint"}.
Response problem(int status, const std::string& detail, const std::string& hint = {});

}  // namespace ecozone::serve
