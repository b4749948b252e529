#pragma once
// Checked access to TOML tables for catalogs, rule sets, targets and styles: every error names
// the file and line, unknown keys get "Do you mean" hints.

#include <filesystem>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/error.hpp"

namespace ecozone {

class TomlReader {
public:
    explicit TomlReader(std::filesystem::path file) : m_file(std::move(file)) {}

    // Parses text; syntax errors become ecozone::Error with the line. Text larger than 16 MiB, nested
    // deeper than 64 levels or with a dotted key of more than 64 parts is refused before toml++ sees it
    // (Debian's toml++ 3.3 overflows its stack on a key of 50,000 parts).
    toml::table parse(std::string_view text) const;
    // Reads the file; a missing or unreadable file is an error naming it.
    toml::table parse_file() const;

    [[noreturn]] void error(const toml::node* at, const std::string& message,
                            const std::string& hint = {}) const;
    [[noreturn]] void error(int line, const std::string& message, const std::string& hint = {}) const;
    int line_of(const toml::node* node) const;

    // Rejects keys not in `allowed`, naming the line and suggesting the closest allowed key.
    void check_keys(const toml::table& table, const std::vector<std::string>& allowed,
                    std::string_view section) const;

    std::optional<std::string> get_string(const toml::table& t, std::string_view key) const;
    std::string require_string(const toml::table& t, std::string_view key, std::string_view section) const;
    // A finite number in [min, max]; anything else (NaN, inf, out of range) is an error naming the line
    // and the allowed range in `unit` ("metres", "%").
    std::optional<double> get_number(const toml::table& t, std::string_view key, double min, double max,
                                     std::string_view unit = {}) const;
    // A whole number in [min, max].
    std::optional<std::int64_t> get_integer(const toml::table& t, std::string_view key, std::int64_t min,
                                            std::int64_t max) const;
    std::optional<bool> get_bool(const toml::table& t, std::string_view key) const;
    std::optional<std::vector<int>> get_int_array(const toml::table& t, std::string_view key, int min, int max) const;
    std::optional<std::vector<std::string>> get_string_array(const toml::table& t, std::string_view key) const;

    const std::filesystem::path& file() const { return m_file; }

private:
    std::filesystem::path m_file;
};

}  // namespace ecozone
