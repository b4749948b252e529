#include "catalog/toml_reader.hpp"

#include <fstream>
#include <sstream>

#include "core/text.hpp"

namespace ecozone::catalog {

toml::table TomlReader::parse(std::string_view text) const {
    try {
        return toml::parse(text, m_file.string());
    } catch (const toml::parse_error& e) {
        error(static_cast<int>(e.source().begin.line),
              "this is not valid TOML: " + std::string(e.description()) + ".",
              "Check quotes, brackets and '=' on that line; strings need double quotes.");
    }
}

toml::table TomlReader::parse_file() const {
    std::ifstream in(m_file, std::ios::binary);
    if (!in) {
        throw Error({m_file.string()}, "cannot open this file: it does not exist or is not readable.",
                    "Check the path; relative paths are taken from the current folder.");
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
                  "unknown key '" + k + "' in " + std::string(section) + "." +
                      text::did_you_mean(k, allowed),
                  "Allowed keys here: " + text::join(allowed) + ".");
        }
    }
}

std::optional<std::string> TomlReader::get_string(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto s = n->value<std::string>(); s && n->is_string()) return *s;
    error(n, "'" + std::string(key) + "' must be a text value in double quotes.");
}

std::string TomlReader::require_string(const toml::table& t, std::string_view key,
                                       std::string_view section) const {
    auto v = get_string(t, key);
    if (!v || v->empty()) {
        error(line_of(&t), std::string(section) + " needs '" + std::string(key) + "'.",
              "Add  " + std::string(key) + " = \"...\"  to it.");
    }
    return *v;
}

std::optional<double> TomlReader::get_number(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (n->is_number()) return n->value<double>();
    error(n, "'" + std::string(key) + "' must be a number.");
}

std::optional<bool> TomlReader::get_bool(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (n->is_boolean()) return n->value<bool>();
    error(n, "'" + std::string(key) + "' must be true or false.");
}

std::optional<std::vector<int>> TomlReader::get_int_array(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    const toml::array* arr = n->as_array();
    if (!arr) error(n, "'" + std::string(key) + "' must be a list of whole numbers, e.g. [10, 20].");
    std::vector<int> out;
    for (const auto& item : *arr) {
        if (!item.is_integer()) error(&item, "'" + std::string(key) + "' must hold whole numbers only.");
        out.push_back(static_cast<int>(*item.value<int64_t>()));
    }
    return out;
}

std::optional<std::vector<std::string>> TomlReader::get_string_array(const toml::table& t,
                                                                     std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (n->is_string()) return std::vector<std::string>{*n->value<std::string>()};
    const toml::array* arr = n->as_array();
    if (!arr) error(n, "'" + std::string(key) + "' must be a text value or a list of them.");
    std::vector<std::string> out;
    for (const auto& item : *arr) {
        if (!item.is_string()) error(&item, "'" + std::string(key) + "' must hold text values only.");
        out.push_back(*item.value<std::string>());
    }
    return out;
}

}  // namespace ecozone::catalog
