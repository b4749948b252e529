#include "report/csv.hpp"

#include <cmath>
#include <cstdlib>

namespace ecozone::report {

namespace {

bool is_plain_number(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    const std::string t(s);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || !std::isfinite(v)) return false;
    // strtod also reads hexadecimal and "infinity"; a number we write is digits, sign, point, exponent.
    return t.find_first_not_of("0123456789+-.eE") == std::string::npos;
}

bool looks_like_formula(std::string_view s) {
    if (s.empty()) return false;
    const char c = s.front();
    return (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') && !is_plain_number(s);
}

}  // namespace

std::string csv_cell(std::string_view value) {
    std::string v = looks_like_formula(value) ? "'" + std::string(value) : std::string(value);
    if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace ecozone::report
