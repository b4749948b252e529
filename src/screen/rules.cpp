#include "screen/rules.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

#include "core/atomic_file.hpp"
#include "core/data_files.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "core/toml_reader.hpp"


namespace ecozone::screen {

namespace {

struct VerdictInfo {
    Verdict verdict;
    std::string_view name;
    std::string_view label;
};

const VerdictInfo k_verdicts[] = {
    {Verdict::clear, "clear", "符合"},
    {Verdict::review, "review", "需论证"},
    {Verdict::restricted, "restricted", "限制"},
    {Verdict::prohibited, "prohibited", "禁止"},
};

const std::vector<std::string> k_rule_keys = {
    "id",       "role",     "layer",    "zone",       "zone_not",           "category",       "category_not",
    "geometry", "relation", "distance_m", "min_overlap_ratio", "min_overlap_m2", "verdict",      "reason",
    "reason_en", "source",   "landcover", "landcover_classes", "min_m2"};
const std::vector<std::string> k_set_keys = {"name", "version", "basis"};

}  // namespace

std::string_view verdict_name(Verdict v) {
    for (const auto& i : k_verdicts)
        if (i.verdict == v) return i.name;
    return "clear";
}

std::string_view verdict_label(Verdict v) {
    for (const auto& i : k_verdicts)
        if (i.verdict == v) return i.label;
    return "符合";
}

std::optional<Verdict> verdict_from_name(std::string_view name) {
    for (const auto& i : k_verdicts)
        if (i.name == name) return i.verdict;
    return std::nullopt;
}

std::vector<std::string> verdict_names() {
    std::vector<std::string> out;
    for (const auto& i : k_verdicts) out.emplace_back(i.name);
    return out;
}

double RuleSet::max_within_m() const {
    double m = 0;
    for (const auto& r : rules)
        if (r.relation == Relation::within) m = std::max(m, r.distance_m);
    return m;
}

std::filesystem::path default_rules_path() { return shipped_file("layers/rules-default.toml"); }

RuleSet parse_rules(std::string_view text, const std::filesystem::path& path) {
    TomlReader reader(path);
    const toml::table root = reader.parse(text);
    reader.check_keys(root, {"ruleset", "categories", "rules"}, tr("the rule set"));
    RuleSet set;
    set.path = path.string();
    if (const toml::table* head = root["ruleset"].as_table()) {
        reader.check_keys(*head, k_set_keys, "[ruleset]");
        set.name = reader.get_string(*head, "name").value_or("");
        set.version = reader.get_string(*head, "version").value_or("");
        set.basis = reader.get_string(*head, "basis").value_or("");
    }
    // Named groups of categories, used in rules as "@group".
    std::map<std::string, std::vector<std::string>> groups;
    if (const toml::table* cats = root["categories"].as_table()) {
        for (auto&& [k, v] : *cats) {
            auto list = reader.get_string_array(*cats, k.str());
            groups[std::string(k.str())] = list.value_or(std::vector<std::string>{});
        }
    }
    auto expand = [&](const toml::table& t, std::string_view key) {
        std::vector<std::string> out;
        for (const auto& item : reader.get_string_array(t, key).value_or(std::vector<std::string>{})) {
            if (item.starts_with("@")) {
                auto it = groups.find(item.substr(1));
                if (it == groups.end()) {
                    std::vector<std::string> names;
                    for (const auto& [n, _] : groups) names.push_back("@" + n);
                    reader.error(t.get(key), tr("category group '{1}' is not defined under [categories].{2}",
                                                item, text::did_you_mean(item, names)));
                }
                out.insert(out.end(), it->second.begin(), it->second.end());
            } else {
                out.push_back(item);
            }
        }
        return out;
    };

    const toml::node* rules_node = root.get("rules");
    const toml::array* rules = rules_node ? rules_node->as_array() : nullptr;
    if (!rules || !rules->is_array_of_tables() || rules->empty()) {
        reader.error(1, tr("the rule set has no [[rules]]."), tr("Add [[rules]] sections, or leave 'rules' out of the catalog to use the shipped default "
                                                             "set."));
    }
    for (const auto& node : *rules) {
        const toml::table& t = *node.as_table();
        reader.check_keys(t, k_rule_keys, "[[rules]]");
        Rule r;
        r.line = reader.line_of(&t);
        r.id = reader.require_string(t, "id", "[[rules]]");
        for (const auto& role : reader.get_string_array(t, "role").value_or(std::vector<std::string>{})) {
            auto parsed = catalog::role_from_name(role);
            if (!parsed) {
                reader.error(t.get("role"), tr("rule '{1}' names unknown role '{2}'.{3}",
                                               r.id, role, text::did_you_mean(role, catalog::role_names())),
                             tr("Roles: {1}.", text::join(catalog::role_names())));
            }
            r.roles.push_back(*parsed);
        }
        r.layers = reader.get_string_array(t, "layer").value_or(std::vector<std::string>{});
        r.zones = reader.get_string_array(t, "zone").value_or(std::vector<std::string>{});
        r.zones_not = reader.get_string_array(t, "zone_not").value_or(std::vector<std::string>{});
        r.categories = expand(t, "category");
        r.categories_not = expand(t, "category_not");
        r.geometries = reader.get_string_array(t, "geometry").value_or(std::vector<std::string>{});
        for (const auto& g : r.geometries) {
            if (g != "point" && g != "line" && g != "polygon") {
                reader.error(t.get("geometry"), tr("rule '{1}': geometry '{2}' is not point, line or polygon.", r.id, g));
            }
        }
        const std::string relation = reader.get_string(t, "relation").value_or("overlaps");
        if (relation == "overlaps") r.relation = Relation::overlaps;
        else if (relation == "within") r.relation = Relation::within;
        else if (relation == "outside") r.relation = Relation::outside;
        else {
            reader.error(t.get("relation"), tr("rule '{1}': relation '{2}' is not overlaps, within or outside.{3}",
                                               r.id, relation,
                                                text::did_you_mean(relation, {"overlaps", "within", "outside"})));
        }
        r.distance_m = reader.get_number(t, "distance_m", 0, 1'000'000, tr("metres")).value_or(0);
        if (r.relation == Relation::within && r.distance_m <= 0) {
            reader.error(r.line, tr("rule '{1}' uses relation = \"within\" but gives no distance_m.", r.id),
                         tr("Add  distance_m = 1000  (metres)."));
        }
        if (r.roles.empty() && r.layers.empty() && r.relation != Relation::overlaps) {
            reader.error(r.line, tr("rule '{1}' must name a role or layer for relation '{2}'.", r.id, relation));
        }
        r.min_overlap_ratio = reader.get_number(t, "min_overlap_ratio", 0, 1, tr("(a share of the site: 0.05 = 5 %)")).value_or(0);
        r.min_overlap_m2 = reader.get_number(t, "min_overlap_m2", 0, 1e12, tr("m²")).value_or(0);
        const std::string verdict = reader.require_string(t, "verdict", tr("rule '{1}'", r.id));
        auto v = verdict_from_name(verdict);
        if (!v) {
            reader.error(t.get("verdict"), tr("rule '{1}': verdict '{2}' is not one of {3}.{4}",
                                              r.id, verdict, text::join(verdict_names()), text::did_you_mean(verdict, verdict_names())));
        }
        r.verdict = *v;
        r.reason = reader.require_string(t, "reason", tr("rule '{1}'", r.id));
        r.reason_en = reader.get_string(t, "reason_en").value_or("");
        r.source = reader.get_string(t, "source").value_or("");
        r.landcover = reader.get_string(t, "landcover").value_or("");
        r.landcover_classes = reader.get_int_array(t, "landcover_classes", 0, 65535).value_or(std::vector<int>{});
        if (!r.landcover.empty() && r.landcover != "forest" && r.landcover != "green") {
            reader.error(t.get("landcover"), tr("rule '{1}': landcover '{2}' is not forest or green.", r.id, r.landcover),
                         tr("Use landcover = \"forest\" (the catalog's forest_classes), \"green\", or landcover_classes = [10, 20]."));
        }
        if (!r.landcover.empty() && !r.landcover_classes.empty()) {
            reader.error(r.line, tr("rule '{1}' gives both landcover and landcover_classes.", r.id), tr("Give one of them."));
        }
        r.min_m2 = reader.get_number(t, "min_m2", 0, 1e12, tr("m²")).value_or(0);
        if (r.is_landcover() && (!r.roles.empty() || !r.layers.empty() || t.get("relation") || t.get("zone"))) {
            reader.error(r.line, tr("rule '{1}' is a land-cover rule: it looks at the land the site occupies, not at a layer.", r.id),
                         tr("Remove role, layer, zone and relation from it, or make two rules."));
        }
        if (!r.is_landcover() && t.get("min_m2")) {
            reader.error(t.get("min_m2"), tr("rule '{1}': min_m2 belongs to land-cover rules.", r.id),
                         tr("For the overlap with a layer use min_overlap_m2."));
        }
        set.rules.push_back(std::move(r));
    }
    std::vector<std::string> ids;
    for (const auto& r : set.rules) {
        if (std::find(ids.begin(), ids.end(), r.id) != ids.end()) {
            reader.error(r.line, tr("rule id '{1}' is used twice.", r.id), tr("Give every rule its own id."));
        }
        ids.push_back(r.id);
    }
    return set;
}

RuleSet load_rules(const std::filesystem::path& given) {
    const std::filesystem::path path = given.empty() ? default_rules_path() : given;
    const std::string text = read_text_file(
        path, tr("the rule set"),
        given.empty() ? tr("The shipped default rules were not found; reinstall ecozone or name a rule set with  rules = "
                           "\"...\"  in the catalog.")
                      : tr("Check the  rules = \"...\"  path in the catalog (relative to the catalog)."));
    return parse_rules(text, path);
}

}  // namespace ecozone::screen
