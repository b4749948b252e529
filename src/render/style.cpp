#include "render/style.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "core/atomic_file.hpp"
#include "core/data_files.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "core/toml_reader.hpp"


namespace ecozone::render {

std::string Color::hex() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(r * 255 + 0.5), static_cast<int>(g * 255 + 0.5),
                  static_cast<int>(b * 255 + 0.5));
    return buf;
}

std::optional<Color> parse_color(std::string_view t) {
    if (t == "none" || t.empty()) return Color{};
    if (t.front() != '#' || (t.size() != 7 && t.size() != 9)) return std::nullopt;
    auto hex = [&](std::size_t i) -> int {
        int v = 0;
        for (std::size_t k = i; k < i + 2; ++k) {
            const char c = t[k];
            v *= 16;
            if (c >= '0' && c <= '9') v += c - '0';
            else if (c >= 'a' && c <= 'f') v += c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') v += c - 'A' + 10;
            else return -1;
        }
        return v;
    };
    Color c;
    const int r = hex(1), g = hex(3), b = hex(5), a = t.size() == 9 ? hex(7) : 255;
    if (r < 0 || g < 0 || b < 0 || a < 0) return std::nullopt;
    c.r = r / 255.0;
    c.g = g / 255.0;
    c.b = b / 255.0;
    c.a = a / 255.0;
    c.none = false;
    return c;
}

const LayerStyle* Style::for_feature(catalog::Role role, const std::string& zone) const {
    const LayerStyle* fallback = nullptr;
    for (const auto& l : layers) {
        if (l.role != role) continue;
        if (l.zone.empty()) {
            if (!fallback) fallback = &l;
        } else if (zone.find(l.zone) != std::string::npos) {
            return &l;
        }
    }
    return fallback;
}

std::filesystem::path default_style_path() { return shipped_file("styles/default.toml"); }

namespace {

const std::vector<std::string> k_hatches = {"none", "diagonal", "cross", "horizontal", "vertical"};

class StyleParser {
public:
    explicit StyleParser(const std::filesystem::path& path) : m_reader(path) {}

    Color color(const toml::table& t, std::string_view key, const char* fallback) {
        const auto text = m_reader.get_string(t, key).value_or(fallback);
        auto c = parse_color(text);
        if (!c) {
            m_reader.error(t.get(key), tr("'{1}' is not a colour.",
                                          text), tr("Write colours as \"#RRGGBB\" or \"#RRGGBBAA\", or \"none\"."));
        }
        return *c;
    }
    std::vector<double> numbers(const toml::table& t, std::string_view key) {
        std::vector<double> out;
        const toml::node* n = t.get(key);
        if (!n) return out;
        const toml::array* arr = n->as_array();
        if (!arr) m_reader.error(n, tr("'{1}' must be a list of numbers, e.g. [2.0, 1.0].", std::string(key)));
        for (const auto& v : *arr) {
            if (!v.is_number()) m_reader.error(&v, tr("'{1}' must hold numbers only.", std::string(key)));
            const double d = *v.value<double>();
            if (!std::isfinite(d) || d < 0 || d > 100) {
                m_reader.error(&v, tr("'{1}' holds {2}; its numbers must be from 0 to 100 (mm).",
                                      std::string(key), std::to_string(d)));
            }
            out.push_back(d);
        }
        return out;
    }
    Hatch hatch(const toml::table& t, std::string_view key) {
        const std::string h = m_reader.get_string(t, key).value_or("none");
        for (std::size_t i = 0; i < k_hatches.size(); ++i)
            if (k_hatches[i] == h) return static_cast<Hatch>(i);
        m_reader.error(t.get(key), tr("unknown hatch '{1}'.{2}", h, text::did_you_mean(h, k_hatches)),
                       tr("Hatches: {1}.", text::join(k_hatches)));
    }

    Style parse(std::string_view text) {
        const toml::table root = m_reader.parse(text);
        m_reader.check_keys(root, {"map", "zones", "layer", "choropleth", "screening"}, tr("the style"));
        Style s;
        s.path = m_reader.file().string();
        const toml::table empty;
        const toml::table* map = root["map"].as_table();
        const toml::table& m = map ? *map : empty;
        m_reader.check_keys(m, {"font", "background", "land", "frame", "title_size", "note_size", "label_halo"}, "[map]");
        s.font = m_reader.get_string(m, "font").value_or(s.font);
        s.background = color(m, "background", "#ffffff");
        s.land = color(m, "land", "#f7f5ef");
        s.frame = color(m, "frame", "#333333");
        s.label_halo = color(m, "label_halo", "#ffffff");
        s.title_size = m_reader.get_number(m, "title_size", 1, 200, tr("pt")).value_or(16);
        s.note_size = m_reader.get_number(m, "note_size", 1, 100, tr("pt")).value_or(6.5);

        const toml::table* zones = root["zones"].as_table();
        const toml::table& z = zones ? *zones : empty;
        m_reader.check_keys(z, {"stroke", "stroke_width", "dash", "label_size", "label_color"}, "[zones]");
        s.zone_stroke = color(z, "stroke", "#6b6b6b");
        s.zone_stroke_width = m_reader.get_number(z, "stroke_width", 0, 20, tr("mm")).value_or(0.45);
        s.zone_dash = numbers(z, "dash");
        s.zone_label_size = m_reader.get_number(z, "label_size", 1, 100, tr("pt")).value_or(8);
        s.zone_label = color(z, "label_color", "#333333");

        if (const toml::array* layers = root["layer"].as_array()) {
            for (const auto& node : *layers) {
                const toml::table* t = node.as_table();
                if (!t) m_reader.error(&node, tr("'layer' must be written as [[layer]] sections."));
                m_reader.check_keys(*t, {"role", "zone", "fill", "stroke", "stroke_width", "dash", "hatch", "hatch_color",
                                         "opacity", "order", "legend", "label_field", "label_size"},
                                    "[[layer]]");
                LayerStyle l;
                const std::string role = m_reader.require_string(*t, "role", "[[layer]]");
                auto r = catalog::role_from_name(role);
                if (!r) {
                    m_reader.error(t->get("role"), tr("unknown role '{1}'.{2}",
                                                      role, text::did_you_mean(role, catalog::role_names())),
                                   tr("Roles: {1}.", text::join(catalog::role_names())));
                }
                l.role = *r;
                l.zone = m_reader.get_string(*t, "zone").value_or("");
                l.fill = color(*t, "fill", "none");
                l.stroke = color(*t, "stroke", "none");
                l.hatch_color = color(*t, "hatch_color", "#555555");
                l.stroke_width = m_reader.get_number(*t, "stroke_width", 0, 20, tr("mm")).value_or(0.2);
                l.dash = numbers(*t, "dash");
                l.hatch = hatch(*t, "hatch");
                l.opacity = m_reader.get_number(*t, "opacity", 0, 1).value_or(1.0);
                if (l.opacity < 0 || l.opacity > 1) m_reader.error(t->get("opacity"), tr("opacity must be between 0 and 1."));
                l.order = static_cast<int>(m_reader.get_integer(*t, "order", -1000, 1000).value_or(0));
                l.legend = m_reader.get_string(*t, "legend").value_or(std::string(catalog::role_label(l.role)));
                l.label_field = m_reader.get_string(*t, "label_field").value_or("");
                if (!l.label_field.empty() && l.label_field != "name" && l.label_field != "code" && l.label_field != "zone") {
                    m_reader.error(t->get("label_field"), tr("label_field must be name, code or zone."));
                }
                l.label_size = m_reader.get_number(*t, "label_size", 1, 100, tr("pt")).value_or(7);
                s.layers.push_back(std::move(l));
            }
        }
        const toml::table* ch = root["choropleth"].as_table();
        const toml::table& c = ch ? *ch : empty;
        m_reader.check_keys(c, {"classes", "palette", "missing", "stroke"}, "[choropleth]");
        s.classes = numbers(c, "classes");
        if (s.classes.empty()) s.classes = {0, 20, 35, 50, 56.5, 63, 70, 100};
        if (const toml::node* p = c.get("palette")) {
            if (!p->is_array()) m_reader.error(p, tr("palette must be a list of colours, e.g. [\"#f7fcf5\", \"#31a354\"]."));
            for (const auto& item : *p->as_array()) {
                auto col = parse_color(item.value_or(std::string{}));
                if (!col) m_reader.error(&item, tr("palette entries must be colours like \"#31a354\"."));
                s.palette.push_back(*col);
            }
        } else {
            for (const char* h : {"#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"})
                s.palette.push_back(*parse_color(h));
        }
        if (s.palette.size() + 1 != s.classes.size()) {
            m_reader.error(c.get("palette") ? c.get("palette") : &c,
                           tr("the choropleth needs one colour per class: {1} class breaks make {2} classes, but the "
                              "palette has {3} colours.", std::to_string(s.classes.size()), std::to_string(s.classes.size() - 1), std::to_string(s.palette.size())));
        }
        s.missing = color(c, "missing", "#e0e0e0");
        s.choropleth_stroke = color(c, "stroke", "#555555");
        const toml::table* sc = root["screening"].as_table();
        const toml::table& x = sc ? *sc : empty;
        m_reader.check_keys(x, {"site_stroke_width", "overlap_fill", "overlap_hatch", "prohibited", "restricted", "review", "clear"},
                            "[screening]");
        s.site_stroke_width = m_reader.get_number(x, "site_stroke_width", 0, 20, tr("mm")).value_or(0.9);
        s.overlap_fill = color(x, "overlap_fill", "#d32f2f");
        s.overlap_hatch = hatch(x, "overlap_hatch");
        const char* defaults[] = {"#27ae60", "#b7950b", "#d35400", "#c0392b"};  // clear … prohibited
        for (screen::Verdict v : screen::k_all_verdicts) {
            const auto i = static_cast<std::size_t>(v);
            s.verdict_color[i] = color(x, std::string(screen::verdict_name(v)), defaults[i]);
        }
        return s;
    }

private:
    TomlReader m_reader;
};

}  // namespace

Style parse_style(std::string_view text, const std::filesystem::path& path) { return StyleParser(path).parse(text); }

Style load_style(const std::filesystem::path& given) {
    const auto path = given.empty() ? default_style_path() : given;
    return parse_style(read_text_file(path, tr("the style"), tr("Check the --style path; styles/default.toml is the shipped one.")), path);
}

}  // namespace ecozone::render
