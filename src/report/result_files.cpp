#include "report/result_files.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "stats/indicators.hpp"

namespace ecozone::report {

namespace {

using json = nlohmann::json;

// Checked access: every wrong entry names the file and where in it.
class Reader {
public:
    Reader(std::string path, std::string what) : m_path(std::move(path)), m_what(std::move(what)) {}

    json parse() const {
        const std::string text = read_text_file(m_path, m_what, tr("Pass the {1} that ecozone wrote.", m_what));
        try {
            return json::parse(text);
        } catch (const json::exception& e) {
            fail("", tr("is not valid JSON: {1}", std::string(e.what())));
        }
    }
    [[noreturn]] void fail(const std::string& at, const std::string& what) const {
        throw Error({m_path}, at.empty() ? tr("{1}.", what) : tr("{1} {2}.", at, what),
                    tr("Pass the {1} that ecozone wrote, unchanged; run the command again to make a new one.", m_what));
    }
    const json& member(const json& j, const std::string& key, const std::string& at) const {
        if (!j.is_object() || !j.contains(key)) fail(at, tr("has no '{1}'", key));
        return j[key];
    }
    const json& array(const json& j, const std::string& key, const std::string& at) const {
        const json& a = member(j, key, at);
        if (!a.is_array()) fail(at + (at.empty() ? "" : ".") + key, tr("is not a list"));
        return a;
    }
    std::string text(const json& j, const std::string& key, const std::string& at) const {
        const json& v = member(j, key, at);
        if (!v.is_string()) fail(at + "." + key, tr("is not text"));
        return v.get<std::string>();
    }
    std::string text_or(const json& j, const std::string& key, const std::string& fallback) const {
        return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
    }

private:
    std::string m_path, m_what;
};

std::optional<double> number(const json& j) {
    if (!j.is_number()) return std::nullopt;
    const double v = j.get<double>();
    return std::isfinite(v) ? std::optional(v) : std::nullopt;
}

const json* at(const json& j, const std::string& key) {
    return j.is_object() && j.contains(key) ? &j[key] : nullptr;
}

std::optional<double> indicator_of(const json& z, const std::string& indicator) {
    if (auto id = stats::layer_of_indicator(indicator)) {
        const json* layers = at(z, "layers");
        const json* layer = layers ? at(*layers, *id) : nullptr;
        const json* pct = layer ? at(*layer, "pct") : nullptr;
        return pct ? number(*pct) : std::nullopt;
    }
    const stats::Indicator* i = stats::find_indicator(indicator);
    if (!i) return std::nullopt;
    const json* part = at(z, std::string(i->json_group));
    const json* v = part ? at(*part, std::string(i->json_key)) : nullptr;
    return v ? number(*v) : std::nullopt;
}

}  // namespace

std::vector<ScreenedSite> read_screening_sites(const std::string& path) {
    const Reader r(path, "screening.json");
    const json j = r.parse();
    const json& sites = r.array(j, "sites", "");
    std::vector<ScreenedSite> out;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const std::string where = "sites[" + std::to_string(i) + "]";
        ScreenedSite s;
        s.id = r.text(sites[i], "id", where);
        s.name = r.text_or(sites[i], "name", "");
        s.verdict = r.text(sites[i], "verdict", where);
        s.verdict_label = r.text_or(sites[i], "verdict_label", s.verdict);
        if (s.verdict != "clear" && s.verdict != "review" && s.verdict != "restricted" && s.verdict != "prohibited") {
            r.fail(where + ".verdict", tr("is '{1}', not clear, review, restricted or prohibited", s.verdict));
        }
        out.push_back(std::move(s));
    }
    return out;
}

IndicatorValues read_stats_indicator(const std::string& path, const std::string& indicator) {
    const Reader r(path, "stats.json");
    const json j = r.parse();
    const json& zones = r.array(j, "zones", "");
    IndicatorValues out;
    // The targets of `indicator` in `owner` (a zone or a group) that stats.json could check.
    auto targets_of = [&](const json& owner, const std::string& where) {
        std::vector<TargetCheck> checks;
        const json* targets = at(owner, "targets");
        if (!targets || !targets->is_array()) return checks;
        for (std::size_t k = 0; k < targets->size(); ++k) {
            const json& t = (*targets)[k];
            if (r.text_or(t, "indicator", "") != indicator || !at(t, "met") || !t["met"].is_boolean()) continue;
            const std::string twhere = where + ".targets[" + std::to_string(k) + "]";
            const std::optional<double> target = at(t, "target") ? number(t["target"]) : std::nullopt;
            if (!target) r.fail(twhere + ".target", tr("is not a number"));
            const std::string comparison = r.text_or(t, "comparison", ">=");
            const std::string sign = comparison == ">=" ? "≥" : comparison == "<=" ? "≤" : comparison;
            TargetCheck c;
            c.label = r.text_or(t, "label", indicator) + " " + sign + " " + text::thousands(*target, 1) + "%";
            if (const json* y = at(t, "year"); y && y->is_number_integer() && y->get<long long>() > 0) {
                c.label += "（" + std::to_string(y->get<long long>()) + "年）";
            }
            c.met = t["met"].get<bool>();
            c.source = r.text_or(t, "source", "");
            checks.push_back(std::move(c));
        }
        return checks;
    };
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const std::string where = "zones[" + std::to_string(i) + "]";
        const std::string id = r.text(zones[i], "id", where);
        if (auto v = indicator_of(zones[i], indicator)) out.values[id] = *v;
        auto checks = targets_of(zones[i], where);
        if (!checks.empty()) out.zone_targets[id] = std::move(checks);
    }
    // A group's (a city's) targets are the city's, checked on the city as a whole: they are not marked
    // on its counties.
    const json* groups = at(j, "groups");
    if (groups && groups->is_array()) {
        for (std::size_t i = 0; i < groups->size(); ++i) {
            const json& g = (*groups)[i];
            const std::string where = "groups[" + std::to_string(i) + "]";
            GroupValue gv;
            gv.id = r.text(g, "id", where);
            gv.name = r.text_or(g, "name", gv.id);
            gv.value = indicator_of(g, indicator);
            gv.targets = targets_of(g, where);
            if (!gv.targets.empty()) out.groups.push_back(std::move(gv));
        }
    }
    return out;
}

std::map<std::string, double> read_change_indicator(const std::string& path, const std::string& indicator) {
    const Reader r(path, "change.json");
    const json j = r.parse();
    const json& zones = r.array(j, "zones", "");
    const auto dot = indicator.find('_');
    const std::string group = indicator.substr(0, dot), key = indicator.substr(dot + 1);  // forest_change_pp -> forest, change_pp
    std::map<std::string, double> out;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const std::string where = "zones[" + std::to_string(i) + "]";
        const std::string id = r.text(zones[i], "id", where);
        const json* g = at(zones[i], group);
        const json* v = g && g->is_object() ? at(*g, key) : nullptr;
        if (!v) continue;
        const std::optional<double> value = number(*v);
        if (!value || !std::isfinite(*value)) r.fail(where + "." + group + "." + key, tr("is not a number"));
        out[id] = *value;
    }
    return out;
}

ChangeYears read_change_years(const std::string& path) {
    const Reader r(path, "change.json");
    const json j = r.parse();
    ChangeYears out;
    for (const char* side : {"before", "after"}) {
        const json& s = r.member(j, side, "");
        const json& year = r.member(s, "year", side);
        if (!year.is_null() && (!year.is_number_integer() || year.get<long long>() < 1900 || year.get<long long>() > 2200))
            r.fail(std::string(side) + ".year", tr("is not a year"));
        (std::string(side) == "before" ? out.before_year : out.after_year) = year.is_null() ? 0 : year.get<int>();
        (std::string(side) == "before" ? out.before_path : out.after_path) = r.text(s, "path", side);
    }
    const json& forest = r.array(j, "forest_classes", "");
    for (std::size_t i = 0; i < forest.size(); ++i) {
        if (!forest[i].is_number_integer() || forest[i].get<long long>() < 0 || forest[i].get<long long>() > 65535)
            r.fail("forest_classes[" + std::to_string(i) + "]", tr("is not a class code"));
        out.forest_classes.push_back(forest[i].get<int>());
    }
    return out;
}

std::vector<DiffLayer> read_diff_layers(const std::string& path) {
    const Reader r(path, "diff.json");
    const json j = r.parse();
    const json& layers = r.array(j, "layers", "");
    std::vector<DiffLayer> out;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string where = "layers[" + std::to_string(i) + "]";
        DiffLayer l{r.text(layers[i], "id", where), r.text(layers[i], "title", where), false};
        for (const char* key : {"gained_m2", "lost_m2"}) {
            const std::optional<double> v = number(r.member(layers[i], key, where));
            if (!v || !std::isfinite(*v) || *v < 0) r.fail(where + "." + key, tr("is not an area"));
            l.changed = l.changed || *v > 0;
        }
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace ecozone::report
