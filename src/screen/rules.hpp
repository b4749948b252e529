#pragma once
// Screening rules a bureau can edit (TOML): conditions on layer role, zone value, site category,
// overlap or distance, each with a verdict and a reason in plain Chinese (and English).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalog/role.hpp"
#include "core/shared_text.hpp"

namespace ecozone::screen {

// Ordered by severity, so the most severe is std::max.
enum class Verdict { clear, review, restricted, prohibited };
std::string_view verdict_name(Verdict v);
std::string_view verdict_label(Verdict v);  // 符合 / 需论证 / 限制 / 禁止
std::optional<Verdict> verdict_from_name(std::string_view name);
std::vector<std::string> verdict_names();
// Every verdict, least severe first.
inline constexpr Verdict k_all_verdicts[] = {Verdict::clear, Verdict::review, Verdict::restricted, Verdict::prohibited};

enum class Relation { overlaps, within, outside };

struct Rule {
    SharedText id;
    std::vector<catalog::Role> roles;      // empty = any
    std::vector<std::string> layers;       // layer ids; empty = any
    std::vector<std::string> zones;        // a feature's zone must contain one of these; empty = any
    std::vector<std::string> zones_not;
    std::vector<std::string> categories;   // the site's category must be one of these; empty = any
    std::vector<std::string> categories_not;
    std::vector<std::string> geometries;   // point | line | polygon; empty = any
    Relation relation = Relation::overlaps;
    double distance_m = 0;                 // for `within`
    double min_overlap_ratio = 0;
    double min_overlap_m2 = 0;
    Verdict verdict = Verdict::review;
    // Copied into every site's result the rule fires for: shared (core/shared_text).
    SharedText reason;
    SharedText reason_en;
    SharedText source;  // the policy document (and article) the rule encodes; "" when not stated
    // A land-cover rule (landcover = "forest" | "green", or landcover_classes = [...]): fires once for a site
    // that occupies at least min_m2 of those classes (the catalog's [landcover]); no layer, role or relation.
    std::string landcover;
    std::vector<int> landcover_classes;
    double min_m2 = 0;
    int line = 0;

    bool is_landcover() const { return !landcover.empty() || !landcover_classes.empty(); }
};

struct RuleSet {
    std::string path;
    std::string name;
    std::string version;
    std::string basis;  // what the rules are grounded in
    std::vector<Rule> rules;

    double max_within_m() const;
};

// Reads a rule set; every error names the file and line. `path` empty = the shipped default.
RuleSet load_rules(const std::filesystem::path& path);
RuleSet parse_rules(std::string_view text, const std::filesystem::path& path);

// Where the shipped default rule set lives (layers/rules-default.toml next to the program's source
// or installed share folder).
std::filesystem::path default_rules_path();

}  // namespace ecozone::screen
