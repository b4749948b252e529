#pragma once
// Carbon density per land-cover class in the four pools of the InVEST Carbon model (above-ground and
// below-ground biomass, soil, dead organic matter), in t C/ha, and the carbon stock of a set of class areas.
// Read from TOML (ecozone's form, with a source per value) or from an InVEST biophysical table (CSV with
// lucode, c_above, c_below, c_soil, c_dead).

#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ecozone::stats {

inline constexpr double k_co2_per_c = 44.0 / 12.0;  // t CO₂e per t C
inline constexpr int k_pools = 4;
// "above", "below", "soil", "dead": the keys of a carbon table and of the outputs.
const std::array<std::string_view, k_pools>& carbon_pool_names();

struct CarbonClass {
    int code = 0;
    std::string name;
    std::array<double, k_pools> t_per_ha{};  // above, below, soil, dead
    std::string source;                        // where the values come from
    int line = 0;
    double total() const { return t_per_ha[0] + t_per_ha[1] + t_per_ha[2] + t_per_ha[3]; }
};

struct CarbonTable {
    std::string path;
    std::string name;
    std::string note;
    std::vector<CarbonClass> classes;
    const CarbonClass* find(int code) const;
};

// Throws ecozone::Error naming the file and line of anything wrong: a missing pool, a negative or
// non-finite density, a class given twice.
CarbonTable load_carbon_table(const std::filesystem::path& path);
CarbonTable parse_carbon_toml(std::string_view text, const std::filesystem::path& path);
CarbonTable parse_carbon_csv(std::string_view bytes, const std::filesystem::path& path);

// Tonnes of carbon per pool (and their sum) held by class areas in m².
struct CarbonStock {
    std::array<double, k_pools> t{};
    double total() const { return t[0] + t[1] + t[2] + t[3]; }
};

// The stock of `class_m2`. Every class with area must be in the table; one that is not throws
// ecozone::Error naming the class, the table and what to add (`where` says what the areas are of).
CarbonStock carbon_stock(const CarbonTable& table, const std::map<int, double>& class_m2, const std::string& where);

}  // namespace ecozone::stats
