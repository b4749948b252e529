#include "stats/targets.hpp"

#include <algorithm>

#include <cmath>
#include <fstream>
#include <iterator>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "core/toml_reader.hpp"
#include "stats/indicators.hpp"

namespace ecozone::stats {

namespace {

struct ComparisonInfo {
    Comparison comparison;
    std::string_view symbol;
};
constexpr ComparisonInfo k_comparisons[] = {{Comparison::at_least, ">="},
                                            {Comparison::more_than, ">"},
                                            {Comparison::at_most, "<="},
                                            {Comparison::less_than, "<"},
                                            {Comparison::equal, "="}};

}  // namespace

std::string_view comparison_symbol(Comparison c) {
    for (const auto& i : k_comparisons)
        if (i.comparison == c) return i.symbol;
    return ">=";
}

std::optional<Comparison> comparison_from_symbol(std::string_view symbol) {
    for (const auto& i : k_comparisons)
        if (i.symbol == symbol) return i.comparison;
    return std::nullopt;
}

std::vector<std::string> comparison_symbols() {
    std::vector<std::string> out;
    for (const auto& i : k_comparisons) out.emplace_back(i.symbol);
    return out;
}

bool compare(double actual, Comparison c, double value) {
    switch (c) {
        case Comparison::at_least: return actual >= value;
        case Comparison::more_than: return actual > value;
        case Comparison::at_most: return actual <= value;
        case Comparison::less_than: return actual < value;
        case Comparison::equal: return std::fabs(actual - value) < 1e-9;
    }
    return false;
}

TargetSet parse_targets(std::string_view text, const std::filesystem::path& path) {
    TomlReader reader(path);
    const toml::table root = reader.parse(text);
    reader.check_keys(root, {"targets", "target"}, tr("the targets file"));
    TargetSet set;
    set.path = path.string();
    if (const toml::table* head = root["targets"].as_table()) {
        reader.check_keys(*head, {"name"}, "[targets]");
        set.name = reader.get_string(*head, "name").value_or("");
    }
    const toml::node* node = root.get("target");
    const toml::array* arr = node ? node->as_array() : nullptr;
    if (!arr || !arr->is_array_of_tables() || arr->empty()) {
        reader.error(1, tr("the targets file has no [[target]] entries."), tr("Add [[target]] sections; see layers/targets-sample.toml."));
    }
    const std::vector<std::string> keys = {"id",   "indicator",  "label", "comparison", "value",
                                           "scope", "applies_to", "year",  "source",     "note"};
    for (const auto& item : *arr) {
        const toml::table& t = *item.as_table();
        reader.check_keys(t, keys, "[[target]]");
        Target x;
        x.line = reader.line_of(&t);
        x.id = reader.require_string(t, "id", "[[target]]");
        x.indicator = reader.require_string(t, "indicator", tr("target '{1}'", x.id));
        if (!is_indicator(x.indicator, /*for_targets=*/true)) {
            const auto names = indicator_names(/*for_targets=*/true);
            reader.error(t.get("indicator"), tr("target '{1}' has unknown indicator '{2}'.{3}",
                                                x.id, x.indicator, text::did_you_mean(x.indicator, names)),
                         tr("Indicators: {1}.", text::join(names)));
        }
        x.label = reader.get_string(t, "label").value_or(x.indicator);
        const std::string comparison = reader.get_string(t, "comparison").value_or(">=");
        const auto c = comparison_from_symbol(comparison);
        if (!c) {
            reader.error(t.get("comparison"), tr("comparison '{1}' must be one of {2}.",
                                                 comparison, text::join(comparison_symbols())));
        }
        x.comparison = *c;
        const ChangeIndicator* change = find_change_indicator(x.indicator);
        auto v = change ? reader.get_number(t, "value", change->min, change->max, std::string(change->unit))
                        : reader.get_number(t, "value", 0, 100, tr("% (indicators are percentages)"));
        if (!v) {
            reader.error(x.line, change ? tr("target '{1}' needs a value (in {2}).", x.id, std::string(change->unit))
                                        : tr("target '{1}' needs a value (a percentage).", x.id),
                         change ? tr("Add  value = 0") : tr("Add  value = 56.5"));
        }
        x.value = *v;
        x.scope = reader.get_string(t, "scope").value_or("zone");
        if (x.scope != "zone" && x.scope != "group") {
            reader.error(t.get("scope"), tr("scope '{1}' must be zone (per county) or group (per city).", x.scope));
        }
        x.applies_to = reader.get_string_array(t, "applies_to").value_or(std::vector<std::string>{});
        x.year = static_cast<int>(reader.get_integer(t, "year", 1949, 2100).value_or(0));
        x.source = reader.get_string(t, "source").value_or("");
        x.note = reader.get_string(t, "note").value_or("");
        for (const auto& other : set.targets) {
            if (other.id == x.id) {
                reader.error(x.line, tr("target id '{1}' is used twice (first on line {2}).",
                                        x.id, std::to_string(other.line)),
                             tr("Give every [[target]] its own id; results refer to targets by id."));
            }
        }
        set.targets.push_back(std::move(x));
    }
    return set;
}

TargetSet load_targets(const std::filesystem::path& path) {
    return parse_targets(read_text_file(path, tr("the targets file"), tr("Check the --targets path.")), path);
}

bool is_change_target(const Target& t) { return find_change_indicator(t.indicator) != nullptr; }

bool target_applies(const Target& t, const TargetZone& z, bool group) {
    if ((t.scope == "group") != group) return false;
    if (t.applies_to.empty()) return true;
    return std::any_of(t.applies_to.begin(), t.applies_to.end(),
                       [&](const std::string& a) { return a == z.id || a == z.name || (!group && a == z.group); });
}

void require_targets_apply(const TargetSet& targets, const std::vector<TargetZone>& zones, const std::vector<TargetZone>& groups) {
    for (const auto& t : targets.targets) {
        const Where w{targets.path, t.line};
        const auto& pool = t.scope == "group" ? groups : zones;
        std::vector<std::string> names;
        for (const auto& z : pool) {
            names.push_back(z.name.empty() ? z.id : z.name);
            if (t.scope != "group" && !z.group.empty()) names.push_back(z.group);
        }
        for (const auto& a : t.applies_to) {
            const bool known = std::any_of(pool.begin(), pool.end(), [&](const TargetZone& z) {
                return a == z.id || a == z.name || (t.scope != "group" && a == z.group);
            });
            if (!known) {
                throw Error(w,
                            t.scope == "group"
                                ? tr("target '{1}' applies to '{2}', which is no group (city) of these zones.{3}", t.id, a,
                                     text::did_you_mean(a, names))
                                : tr("target '{1}' applies to '{2}', which is no zone (county) or group of these zones.{3}",
                                     t.id, a, text::did_you_mean(a, names)),
                            t.scope == "group" && groups.empty()
                                ? tr("The zones have no groups: set group_field in [zones] (or --group-field).")
                                : tr("Name zones by id or name as the zones file has them."));
            }
        }
    }
}

}  // namespace ecozone::stats
