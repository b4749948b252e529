#include "stats/carbon.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/toml_reader.hpp"
#include "io/site_text.hpp"

namespace ecozone::stats {

namespace {

constexpr double k_max_density = 5000;  // t C/ha: more than any ecosystem holds (peat bogs reach ~2,000)

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void check_unique(const CarbonTable& table, const CarbonClass& c, const std::string& file) {
    for (const auto& other : table.classes) {
        if (other.code == c.code) {
            throw Error(Where{file, c.line}, tr("class {1} is given twice in the carbon table (first on line {2}).",
                                                std::to_string(c.code), std::to_string(other.line)),
                        tr("Keep one row per land-cover class."));
        }
    }
}

}  // namespace

const std::array<std::string_view, k_pools>& carbon_pool_names() {
    static const std::array<std::string_view, k_pools> names = {"above", "below", "soil", "dead"};
    return names;
}

const CarbonClass* CarbonTable::find(int code) const {
    for (const auto& c : classes)
        if (c.code == code) return &c;
    return nullptr;
}

CarbonTable parse_carbon_toml(std::string_view text, const std::filesystem::path& path) {
    TomlReader reader(path);
    const toml::table root = reader.parse(text);
    reader.check_keys(root, {"carbon", "class"}, tr("the carbon table"));
    CarbonTable table;
    table.path = path.string();
    if (const toml::table* head = root["carbon"].as_table()) {
        reader.check_keys(*head, {"name", "unit", "note"}, "[carbon]");
        table.name = reader.get_string(*head, "name").value_or("");
        table.note = reader.get_string(*head, "note").value_or("");
        const std::string unit = reader.get_string(*head, "unit").value_or("t C/ha");
        if (unit != "t C/ha") {
            reader.error(head->get("unit"), tr("carbon densities must be in t C/ha, not '{1}'.", unit),
                         tr("Convert them (1 kg C/m² = 10 t C/ha; t CO₂/ha ÷ 3.667 = t C/ha) and write  unit = \"t C/ha\"."));
        }
    }
    const toml::node* node = root.get("class");
    const toml::array* arr = node ? node->as_array() : nullptr;
    if (!arr || !arr->is_array_of_tables() || arr->empty()) {
        reader.error(1, tr("the carbon table has no [[class]] entries."),
                     tr("Add one [[class]] per land-cover class with code, above, below, soil and dead (t C/ha); see "
                        "layers/carbon-sample.toml."));
    }
    std::vector<std::string> keys = {"code", "name", "source"};
    for (auto pool : carbon_pool_names()) keys.emplace_back(pool);
    for (const auto& item : *arr) {
        const toml::table& t = *item.as_table();
        reader.check_keys(t, keys, "[[class]]");
        CarbonClass c;
        c.line = reader.line_of(&t);
        const auto code = reader.get_integer(t, "code", 0, 65535);
        if (!code) reader.error(c.line, tr("a [[class]] of the carbon table has no code."), tr("Add  code = 10  (the land-cover class)."));
        c.code = static_cast<int>(*code);
        c.name = reader.get_string(t, "name").value_or("");
        c.source = reader.get_string(t, "source").value_or("");
        for (int p = 0; p < k_pools; ++p) {
            const auto v = reader.get_number(t, carbon_pool_names()[static_cast<std::size_t>(p)], 0, k_max_density, "t C/ha");
            if (!v) {
                reader.error(c.line, tr("class {1} of the carbon table has no '{2}' density.", std::to_string(c.code),
                                        std::string(carbon_pool_names()[static_cast<std::size_t>(p)])),
                             tr("Give all four pools (above, below, soil, dead) in t C/ha; write 0 for a pool the class "
                                "does not hold."));
            }
            c.t_per_ha[static_cast<std::size_t>(p)] = *v;
        }
        check_unique(table, c, table.path);
        table.classes.push_back(std::move(c));
    }
    return table;
}

CarbonTable parse_carbon_csv(std::string_view bytes, const std::filesystem::path& path) {
    const io::CsvTable csv = io::parse_csv(bytes, path.string());
    CarbonTable table;
    table.path = path.string();
    auto column = [&](std::initializer_list<std::string_view> names) {
        for (std::size_t i = 0; i < csv.header.size(); ++i)
            for (auto n : names)
                if (lower(text::trim(csv.header[i])) == n) return static_cast<int>(i);
        return -1;
    };
    const int code_col = column({"lucode", "code"});
    const std::array<int, k_pools> pool_col = {column({"c_above", "above"}), column({"c_below", "below"}),
                                               column({"c_soil", "soil"}), column({"c_dead", "dead"})};
    const int name_col = column({"lulc_name", "name", "lulc_desc"});
    const int source_col = column({"source"});
    if (code_col < 0 || std::any_of(pool_col.begin(), pool_col.end(), [](int c) { return c < 0; })) {
        throw Error(Where{table.path, 1},
                    tr("the carbon table's header must name the columns lucode, c_above, c_below, c_soil and c_dead "
                       "(found: {1}).", text::join(csv.header)),
                    tr("Use the InVEST Carbon model's biophysical table layout, densities in t C/ha."));
    }
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto& row = csv.rows[r];
        const int line = csv.row_lines[r];
        auto cell = [&](int col) { return col >= 0 && static_cast<std::size_t>(col) < row.size() ? text::trim(row[static_cast<std::size_t>(col)]) : std::string(); };
        auto number = [&](int col, const std::string& what, double max) {
            const std::string s = cell(col);
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || v < 0 || v > max) {
                throw Error(Where{table.path, line}, tr("{1} '{2}' is not a number from 0 to {3}.", what, s, text::thousands(max, 0)),
                            tr("Write densities in t C/ha as plain numbers (0 for a pool the class does not hold)."));
            }
            return v;
        };
        CarbonClass c;
        c.line = line;
        const double code = number(code_col, "lucode", 65535);
        if (code != std::floor(code)) {
            throw Error(Where{table.path, line}, tr("lucode '{1}' is not a whole number.", cell(code_col)),
                        tr("lucode is the land-cover class code, e.g. 10."));
        }
        c.code = static_cast<int>(code);
        for (int p = 0; p < k_pools; ++p)
            c.t_per_ha[static_cast<std::size_t>(p)] = number(pool_col[static_cast<std::size_t>(p)],
                                                             "c_" + std::string(carbon_pool_names()[static_cast<std::size_t>(p)]), k_max_density);
        c.name = cell(name_col);
        c.source = cell(source_col);
        check_unique(table, c, table.path);
        table.classes.push_back(std::move(c));
    }
    if (table.classes.empty()) {
        throw Error(Where{table.path}, tr("the carbon table has no rows."), tr("Add one row per land-cover class."));
    }
    return table;
}

CarbonTable load_carbon_table(const std::filesystem::path& path) {
    const std::string bytes = read_text_file(path, tr("the carbon table"),
                                             tr("Check the --carbon path (or carbon = … under [landcover])."), 16u << 20);
    if (lower(path.extension().string()) == ".csv") return parse_carbon_csv(bytes, path);
    return parse_carbon_toml(bytes, path);
}

CarbonStock carbon_stock(const CarbonTable& table, const std::map<int, double>& class_m2, const std::string& where) {
    CarbonStock s;
    for (const auto& [code, m2] : class_m2) {
        if (m2 <= 0) continue;
        const CarbonClass* c = table.find(code);
        if (!c) {
            throw Error(Where{table.path}, tr("{1} has land-cover class {2}, which the carbon table does not list.", where, std::to_string(code)),
                        tr("Add a row for class {1} (0 for the pools it does not hold).", std::to_string(code)));
        }
        for (int p = 0; p < k_pools; ++p) s.t[static_cast<std::size_t>(p)] += m2 / 1e4 * c->t_per_ha[static_cast<std::size_t>(p)];
    }
    return s;
}

}  // namespace ecozone::stats
