#include "core/toml_reader.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"

namespace ecozone {

namespace {

constexpr std::size_t k_max_toml_bytes = 16u << 20;
constexpr int k_max_depth = 64;
constexpr int k_max_key_parts = 64;

// Finds what toml++ cannot be trusted with: deep nesting and long dotted keys. Reads strings and
// comments only to skip them; returns the 1-based line of the first problem and what it is, or 0.
std::pair<int, std::string> check_shape(std::string_view t) {
    int line = 1, parts = 1;
    bool at_key = true;  // reading a key: at the start of a line, in a [header], or in an inline table
    std::vector<char> stack;  // '[' array, '{' inline table, 'H' table header
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '\n') {
            ++line;
            if (stack.empty()) {
                at_key = true;
                parts = 1;
            }
            continue;
        }
        if (c == '#') {
            while (i + 1 < t.size() && t[i + 1] != '\n') ++i;
            continue;
        }
        if (c == '"' || c == '\'') {
            const bool triple = t.substr(i, 3) == std::string(3, c);
            const std::string close = triple ? std::string(3, c) : std::string(1, c);
            std::size_t j = i + close.size();
            while (j < t.size()) {
                if (c == '"' && t[j] == '\\') {
                    j += 2;
                    continue;
                }
                if (t.substr(j, close.size()) == close) break;
                if (t[j] == '\n') {
                    if (!triple) break;  // an unclosed one-line string: toml++ reports it
                    ++line;
                }
                ++j;
            }
            i = std::min(j + close.size() - 1, t.size());
            continue;
        }
        switch (c) {
            case '[':
                if (at_key && stack.empty()) {
                    stack.push_back('H');
                    if (i + 1 < t.size() && t[i + 1] == '[') ++i;
                } else {
                    stack.push_back('[');
                    at_key = false;
                }
                break;
            case '{':
                stack.push_back('{');
                at_key = true;
                parts = 1;
                break;
            case ']':
            case '}':
                if (!stack.empty()) {
                    if (stack.back() == 'H' && i + 1 < t.size() && t[i + 1] == ']') ++i;
                    stack.pop_back();
                }
                at_key = false;
                break;
            case '=':
                at_key = false;
                break;
            case ',':
                if (!stack.empty() && stack.back() == '{') {
                    at_key = true;
                    parts = 1;
                }
                break;
            case '.':
                if (at_key || (!stack.empty() && stack.back() == 'H')) {
                    if (++parts > k_max_key_parts) return {line, "a key of more than " + std::to_string(k_max_key_parts) + " dotted parts"};
                }
                break;
            default: break;
        }
        if (static_cast<int>(stack.size()) > k_max_depth) {
            return {line, "values nested more than " + std::to_string(k_max_depth) + " levels deep"};
        }
    }
    return {0, {}};
}

}  // namespace

toml::table TomlReader::parse(std::string_view text) const {
    if (text.size() > k_max_toml_bytes) {
        error(0, tr("this file is {1} MB; a catalog, rule set, style or targets file is never that large.",
                    std::to_string(text.size() >> 20)), tr("Check that this is the right file."));
    }
    if (const auto [line, what] = check_shape(text); line > 0) {
        error(line, tr("this TOML holds {1}, more than any ecozone file needs; it was not read.", what),
              tr("Check this line: a key is a name (or a few names joined by dots), and values nest a few "
                 "levels at most."));
    }
    try {
        return toml::parse(text, m_file.string());
    } catch (const toml::parse_error& e) {
        error(static_cast<int>(e.source().begin.line),
              tr("this is not valid TOML: {1}.", std::string(e.description())),
              tr("Check quotes, brackets and '=' on that line; strings need double quotes."));
    }
}

toml::table TomlReader::parse_file() const {
    std::ifstream in(m_file, std::ios::binary);
    if (!in) {
        throw Error({m_file.string()}, tr("cannot open this file: it does not exist or is not readable."),
                    tr("Check the path; relative paths are taken from the current folder."));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse(ss.str());
}

int TomlReader::line_of(const toml::node* node) const {
    return node ? static_cast<int>(node->source().begin.line) : 0;
}

void TomlReader::error(const toml::node* at, const std::string& message, const std::string& hint) const {
    error(line_of(at), message, hint);
}

void TomlReader::error(int line, const std::string& message, const std::string& hint) const {
    Where w;
    w.file = m_file.string();
    w.line = line;
    throw Error(w, message, hint);
}

void TomlReader::check_keys(const toml::table& table, const std::vector<std::string>& allowed,
                            std::string_view section) const {
    for (auto&& [key, value] : table) {
        const std::string k(key.str());
        bool known = false;
        for (const auto& a : allowed) known = known || a == k;
        if (!known) {
            error(static_cast<int>(key.source().begin.line),
                  tr("unknown key '{1}' in {2}.{3}", k, std::string(section), text::did_you_mean(k, allowed)),
                  tr("Allowed keys here: {1}.", text::join(allowed)));
        }
    }
}

std::optional<std::string> TomlReader::get_string(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto s = n->value<std::string>(); s && n->is_string()) return *s;
    error(n, tr("'{1}' must be a text value in double quotes.", std::string(key)));
}

std::string TomlReader::require_string(const toml::table& t, std::string_view key,
                                       std::string_view section) const {
    auto v = get_string(t, key);
    if (!v || v->empty()) {
        error(line_of(&t), tr("{1} needs '{2}'.", std::string(section), std::string(key)),
              tr("Add  {1} = \"...\"  to it.", std::string(key)));
    }
    return *v;
}

namespace {
std::string show(double v) {
    char b[48];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}
}  // namespace

std::optional<double> TomlReader::get_number(const toml::table& t, std::string_view key, double min, double max,
                                             std::string_view unit) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_number()) error(n, tr("'{1}' must be a number.", std::string(key)));
    const double v = *n->value<double>();
    const std::string range = "from " + show(min) + " to " + show(max) + (unit.empty() ? "" : " " + std::string(unit));
    if (!std::isfinite(v)) error(n, tr("'{1}' is {2}, not a number ecozone can use.",
                                       std::string(key), show(v)), tr("Write a number {1}.", range));
    if (v < min || v > max) {
        error(n, tr("'{1}' = {2} is out of range: it must be {3}.", std::string(key), show(v), range));
    }
    return v;
}

std::optional<std::int64_t> TomlReader::get_integer(const toml::table& t, std::string_view key, std::int64_t min,
                                                    std::int64_t max) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_integer()) error(n, tr("'{1}' must be a whole number.", std::string(key)));
    const std::int64_t v = *n->value<std::int64_t>();
    if (v < min || v > max) {
        error(n, tr("'{1}' = {2} is out of range: it must be from {3} to {4}.",
                    std::string(key), std::to_string(v), std::to_string(min), std::to_string(max)));
    }
    return v;
}

std::optional<bool> TomlReader::get_bool(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (n->is_boolean()) return n->value<bool>();
    error(n, tr("'{1}' must be true or false.", std::string(key)));
}

std::optional<std::vector<int>> TomlReader::get_int_array(const toml::table& t, std::string_view key, int min, int max) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    const toml::array* arr = n->as_array();
    if (!arr) error(n, tr("'{1}' must be a list of whole numbers, e.g. [10, 20].", std::string(key)));
    std::vector<int> out;
    for (const auto& item : *arr) {
        if (!item.is_integer()) error(&item, tr("'{1}' must hold whole numbers only.", std::string(key)));
        const std::int64_t v = *item.value<std::int64_t>();
        if (v < min || v > max) {
            error(&item, tr("'{1}' holds {2}, out of range: values must be from {3} to {4}.",
                            std::string(key), std::to_string(v), std::to_string(min), std::to_string(max)));
        }
        out.push_back(static_cast<int>(v));
    }
    return out;
}

std::optional<std::vector<std::string>> TomlReader::get_string_array(const toml::table& t,
                                                                     std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (n->is_string()) return std::vector<std::string>{*n->value<std::string>()};
    const toml::array* arr = n->as_array();
    if (!arr) error(n, tr("'{1}' must be a text value or a list of them.", std::string(key)));
    std::vector<std::string> out;
    for (const auto& item : *arr) {
        if (!item.is_string()) error(&item, tr("'{1}' must hold text values only.", std::string(key)));
        out.push_back(*item.value<std::string>());
    }
    return out;
}

}  // namespace ecozone
