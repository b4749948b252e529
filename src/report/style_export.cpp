#include "report/style_export.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/error.hpp"
#include "core/escape.hpp"
#include "core/i18n.hpp"

namespace ecozone::report {

namespace {

using render::Color;

std::string rgba(const Color& c, double opacity = 1.0) {
    char b[64];
    std::snprintf(b, sizeof b, "%d,%d,%d,%d", static_cast<int>(c.r * 255 + 0.5), static_cast<int>(c.g * 255 + 0.5),
                  static_cast<int>(c.b * 255 + 0.5), static_cast<int>(c.a * opacity * 255 + 0.5));
    return b;
}

std::string xml(const std::string& s) { return text::xml_escape(s); }

struct Category {
    std::string value, label;
    Color fill, stroke;
    double stroke_width = 0.3;
    double opacity = 1.0;
    std::string like;  // SLD: zone LIKE '%…%'
};

std::string sld_symbolizer(const Category& c, Symbol symbol) {
    std::ostringstream o;
    const Color& line = c.stroke.none ? c.fill : c.stroke;
    switch (symbol) {
        case Symbol::fill:
            o << "<se:PolygonSymbolizer>";
            if (!c.fill.none) {
                o << "<se:Fill><se:SvgParameter name=\"fill\">" << c.fill.hex()
                  << "</se:SvgParameter><se:SvgParameter name=\"fill-opacity\">" << c.fill.a * c.opacity
                  << "</se:SvgParameter></se:Fill>";
            }
            if (!c.stroke.none) {
                o << "<se:Stroke><se:SvgParameter name=\"stroke\">" << c.stroke.hex()
                  << "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">" << c.stroke_width * 3.78
                  << "</se:SvgParameter></se:Stroke>";
            }
            o << "</se:PolygonSymbolizer>";
            break;
        case Symbol::line:
            o << "<se:LineSymbolizer><se:Stroke><se:SvgParameter name=\"stroke\">" << line.hex()
              << "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">" << std::max(0.6, c.stroke_width) * 3.78
              << "</se:SvgParameter></se:Stroke></se:LineSymbolizer>";
            break;
        case Symbol::marker:
            o << "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName><se:Fill>"
              << "<se:SvgParameter name=\"fill\">" << line.hex() << "</se:SvgParameter></se:Fill><se:Stroke>"
              << "<se:SvgParameter name=\"stroke\">#ffffff</se:SvgParameter><se:SvgParameter name=\"stroke-width\">1"
              << "</se:SvgParameter></se:Stroke></se:Mark><se:Size>11</se:Size></se:Graphic></se:PointSymbolizer>";
            break;
    }
    return o.str();
}

std::string sld_document(const std::string& layers) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\" "
           "xmlns:se=\"http://www.opengis.net/se\" xmlns:ogc=\"http://www.opengis.net/ogc\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:schemaLocation=\"http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n" +
           layers + "</StyledLayerDescriptor>\n";
}

std::string sld_layer(const std::string& name, const std::vector<Category>& cats, const std::string& field, bool ranges = false,
                      const std::vector<double>& breaks = {}, Symbol symbol = Symbol::fill) {
    std::ostringstream o;
    o << "<NamedLayer><se:Name>" << xml(name) << "</se:Name><UserStyle><se:Name>" << xml(name)
      << "</se:Name><se:FeatureTypeStyle>\n";
    for (std::size_t i = 0; i < cats.size(); ++i) {
        const auto& c = cats[i];
        o << "<se:Rule><se:Name>" << xml(c.label) << "</se:Name><se:Description><se:Title>" << xml(c.label)
          << "</se:Title></se:Description>";
        if (ranges) {
            o << "<ogc:Filter><ogc:And><ogc:PropertyIsGreaterThanOrEqualTo><ogc:PropertyName>" << field
              << "</ogc:PropertyName><ogc:Literal>" << breaks[i] << "</ogc:Literal></ogc:PropertyIsGreaterThanOrEqualTo>"
              << "<ogc:PropertyIsLessThan><ogc:PropertyName>" << field << "</ogc:PropertyName><ogc:Literal>" << breaks[i + 1]
              << "</ogc:Literal></ogc:PropertyIsLessThan></ogc:And></ogc:Filter>";
        } else if (!c.like.empty()) {
            o << "<ogc:Filter><ogc:PropertyIsLike wildCard=\"%\" singleChar=\"_\" escapeChar=\"\\\"><ogc:PropertyName>" << field
              << "</ogc:PropertyName><ogc:Literal>%" << xml(c.like) << "%</ogc:Literal></ogc:PropertyIsLike></ogc:Filter>";
        } else if (!c.value.empty()) {
            o << "<ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>" << field << "</ogc:PropertyName><ogc:Literal>"
              << xml(c.value) << "</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>";
        }
        o << sld_symbolizer(c, symbol) << "</se:Rule>\n";
    }
    o << "</se:FeatureTypeStyle></UserStyle></NamedLayer>\n";
    return o.str();
}

std::string qml_symbol(std::size_t index, const Category& c, Symbol symbol = Symbol::fill) {
    std::ostringstream o;
    const Color& line = c.stroke.none ? c.fill : c.stroke;
    switch (symbol) {
        case Symbol::fill:
            o << "<symbol type=\"fill\" name=\"" << index << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
              << "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">"
              << "<prop k=\"color\" v=\"" << (c.fill.none ? "0,0,0,0" : rgba(c.fill, c.opacity)) << "\"/>"
              << "<prop k=\"style\" v=\"" << (c.fill.none ? "no" : "solid") << "\"/>"
              << "<prop k=\"outline_color\" v=\"" << (c.stroke.none ? "0,0,0,0" : rgba(c.stroke)) << "\"/>"
              << "<prop k=\"outline_style\" v=\"" << (c.stroke.none ? "no" : "solid") << "\"/>"
              << "<prop k=\"outline_width\" v=\"" << c.stroke_width << "\"/>"
              << "<prop k=\"outline_width_unit\" v=\"MM\"/>"
              << "</layer></symbol>\n";
            break;
        case Symbol::line:
            o << "<symbol type=\"line\" name=\"" << index << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
              << "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">"
              << "<prop k=\"line_color\" v=\"" << rgba(line) << "\"/>"
              << "<prop k=\"line_style\" v=\"solid\"/>"
              << "<prop k=\"line_width\" v=\"" << std::max(0.6, c.stroke_width) << "\"/>"
              << "<prop k=\"line_width_unit\" v=\"MM\"/>"
              << "</layer></symbol>\n";
            break;
        case Symbol::marker:
            o << "<symbol type=\"marker\" name=\"" << index << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
              << "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">"
              << "<prop k=\"name\" v=\"circle\"/>"
              << "<prop k=\"color\" v=\"" << rgba(line) << "\"/>"
              << "<prop k=\"outline_color\" v=\"255,255,255,255\"/>"
              << "<prop k=\"outline_width\" v=\"0.3\"/>"
              << "<prop k=\"size\" v=\"3\"/>"
              << "<prop k=\"size_unit\" v=\"MM\"/>"
              << "</layer></symbol>\n";
            break;
    }
    return o.str();
}

int qml_geometry_type(Symbol symbol) { return symbol == Symbol::marker ? 0 : symbol == Symbol::line ? 1 : 2; }

std::string qml_categorized(const std::string& field, const std::vector<Category>& cats, Symbol symbol = Symbol::fill) {
    std::ostringstream o;
    o << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
      << "<renderer-v2 type=\"categorizedSymbol\" attr=\"" << xml(field)
      << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n<categories>\n";
    for (std::size_t i = 0; i < cats.size(); ++i) {
        o << "<category value=\"" << xml(cats[i].value) << "\" symbol=\"" << i << "\" label=\"" << xml(cats[i].label)
          << "\" render=\"true\"/>\n";
    }
    o << "</categories>\n<symbols>\n";
    for (std::size_t i = 0; i < cats.size(); ++i) o << qml_symbol(i, cats[i], symbol);
    o << "</symbols>\n</renderer-v2>\n<layerGeometryType>" << qml_geometry_type(symbol) << "</layerGeometryType>\n</qgis>\n";
    return o.str();
}

std::vector<Category> role_categories(const render::Style& st) {
    std::vector<Category> cats;
    for (const auto& l : st.layers) {
        bool dup = false;
        for (const auto& c : cats) dup = dup || c.value == std::string(catalog::role_name(l.role));
        if (dup) continue;
        cats.push_back({std::string(catalog::role_name(l.role)), std::string(catalog::role_label(l.role)), l.fill, l.stroke,
                        std::max(0.2, l.stroke_width), l.opacity, ""});
    }
    return cats;
}

std::vector<Category> verdict_categories(const render::Style& st) {
    std::vector<Category> cats;
    for (auto it = std::rbegin(screen::k_all_verdicts); it != std::rend(screen::k_all_verdicts); ++it) {  // most severe first
        const std::string name(screen::verdict_name(*it));
        const Color& c = st.color_of(*it);
        cats.push_back({name, std::string(screen::verdict_label(*it)) + " " + name, c, c, st.site_stroke_width, 0.35, ""});
    }
    return cats;
}

std::vector<Category> class_categories(const render::Style& st) {
    std::vector<Category> cats;
    for (std::size_t i = 0; i + 1 < st.classes.size(); ++i) {
        char label[64];
        std::snprintf(label, sizeof label, "%g – %g", st.classes[i], st.classes[i + 1]);
        cats.push_back({"", label, st.palette[i], st.choropleth_stroke, 0.2, 1.0, ""});
    }
    return cats;
}

}  // namespace

std::string diff_pieces_qml(const std::string& field) {
    const Color gained = *render::parse_color("#1a9641"), lost = *render::parse_color("#d7191c");
    return qml_categorized(field, {{"gained", "调入 / 新增 (gained)", gained, gained, 0.3, 0.6, ""},
                                   {"lost", "调出 / 减少 (lost)", lost, lost, 0.3, 0.6, ""}});
}

std::string zoning_sld(const render::Style& st) {
    std::string layers;
    for (const auto& rc : role_categories(st)) {
        std::vector<Category> cats;
        for (const auto& l : st.layers) {
            if (std::string(catalog::role_name(l.role)) != rc.value) continue;
            cats.push_back({"", l.legend, l.fill, l.stroke, std::max(0.1, l.stroke_width), l.opacity, l.zone});
        }
        // Zone-specific rules first; the role's general rule applies to the rest (ElseFilter-like by order).
        layers += sld_layer(rc.value, cats, "zone");
    }
    return sld_document(layers);
}

std::string zoning_qml(const render::Style& st, Symbol symbol) { return qml_categorized("role", role_categories(st), symbol); }

std::string sites_qml(const render::Style& st, Symbol symbol) { return qml_categorized("verdict", verdict_categories(st), symbol); }

std::string sites_sld(const render::Style& st, const std::string& table, Symbol symbol) {
    return sld_document(sld_layer(table, verdict_categories(st), "verdict", false, {}, symbol));
}

std::string overlaps_sld(const render::Style& st, const std::string& table, Symbol symbol) {
    return sld_document(sld_layer(table, role_categories(st), "role", false, {}, symbol));
}

std::string zones_sld(const render::Style& st, const std::string& field) {
    return sld_document(sld_layer("zones", class_categories(st), field, true, st.classes));
}

std::string zones_qml(const render::Style& st, const std::string& field) {
    const auto cats = class_categories(st);
    std::ostringstream o;
    o << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
      << "<renderer-v2 type=\"graduatedSymbol\" attr=\"" << xml(field)
      << "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n<ranges>\n";
    for (std::size_t i = 0; i < cats.size(); ++i) {
        o << "<range lower=\"" << st.classes[i] << "\" upper=\"" << st.classes[i + 1] << "\" symbol=\"" << i << "\" label=\""
          << xml(cats[i].label) << "\" render=\"true\"/>\n";
    }
    o << "</ranges>\n<symbols>\n";
    for (std::size_t i = 0; i < cats.size(); ++i) o << qml_symbol(i, cats[i]);
    o << "</symbols>\n</renderer-v2>\n<layerGeometryType>2</layerGeometryType>\n</qgis>\n";
    return o.str();
}

namespace {

// The styles that apply to `layer`, zone-specific first (in the style's order), then the role's default.
struct LayerRules {
    std::vector<const render::LayerStyle*> zoned;
    const render::LayerStyle* fallback = nullptr;
};

LayerRules rules_for(const render::Style& st, const catalog::LayerSpec& layer) {
    LayerRules out;
    for (const auto& l : st.layers) {
        if (l.role != layer.role) continue;
        if (l.zone.empty()) {
            if (!out.fallback) out.fallback = &l;
        } else if (!layer.zone_field.empty()) {
            out.zoned.push_back(&l);
        }
    }
    if (out.zoned.empty() && !out.fallback) {
        throw Error({}, tr("the style has nothing for role '{1}' of layer '{2}'.",
                           std::string(catalog::role_name(layer.role)), layer.id),
                    tr("Add a [[layer]] with role = \"{1}\" to the style.", std::string(catalog::role_name(layer.role))),
                    ErrorKind::usage);
    }
    return out;
}

// A QGIS expression string literal matching text that contains `zone` (LIKE, wildcards escaped).
std::string like_contains(const std::string& zone) {
    std::string out = "'%";
    for (char c : zone) {
        if (c == '\'') out += "''";
        else if (c == '%' || c == '_' || c == '\\') out += std::string("\\") + c;
        else out += c;
    }
    return out + "%'";
}

std::string qgis_field(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// A fill symbol for a zoning style: the fill, its hatch as a second layer, the outline with its dash.
std::string qml_zoning_symbol(std::size_t index, const render::LayerStyle& l) {
    static const char* brush[] = {"no", "b_diagonal", "diagonal_x", "horizontal", "vertical"};  // by Hatch
    std::ostringstream o;
    o << "<symbol type=\"fill\" name=\"" << index << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
      << "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">"
      << "<prop k=\"color\" v=\"" << (l.fill.none ? "0,0,0,0" : rgba(l.fill, l.opacity)) << "\"/>"
      << "<prop k=\"style\" v=\"" << (l.fill.none ? "no" : "solid") << "\"/>"
      << "<prop k=\"outline_color\" v=\"" << (l.stroke.none ? "0,0,0,0" : rgba(l.stroke)) << "\"/>"
      << "<prop k=\"outline_style\" v=\"" << (l.stroke.none ? "no" : l.dash.empty() ? "solid" : "dash") << "\"/>"
      << "<prop k=\"outline_width\" v=\"" << std::max(0.1, l.stroke_width) << "\"/>"
      << "<prop k=\"outline_width_unit\" v=\"MM\"/></layer>";
    if (l.hatch != render::Hatch::none) {
        o << "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">"
          << "<prop k=\"color\" v=\"" << rgba(l.hatch_color.none ? l.stroke : l.hatch_color) << "\"/>"
          << "<prop k=\"style\" v=\"" << brush[static_cast<int>(l.hatch)] << "\"/>"
          << "<prop k=\"outline_style\" v=\"no\"/></layer>";
    }
    o << "</symbol>\n";
    return o.str();
}

}  // namespace

std::string layer_qml(const render::Style& st, const catalog::LayerSpec& layer) {
    const LayerRules rules = rules_for(st, layer);
    const std::string title = layer.title.empty() ? std::string(catalog::role_label(layer.role)) : layer.title;
    std::ostringstream o;
    o << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n";
    std::vector<const render::LayerStyle*> symbols;
    if (rules.zoned.empty()) {
        o << "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n";
        symbols.push_back(rules.fallback);
    } else {
        o << "<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n<rules key=\"root\">\n";
        const std::string field = qgis_field(layer.zone_field);
        std::string earlier;
        for (std::size_t i = 0; i < rules.zoned.size(); ++i) {
            const std::string match = field + " LIKE " + like_contains(rules.zoned[i]->zone);
            const std::string filter = earlier.empty() ? match : match + " AND NOT (" + earlier + ")";
            o << "<rule key=\"r" << i << "\" symbol=\"" << i << "\" label=\"" << xml(rules.zoned[i]->legend)
              << "\" filter=\"" << xml(filter) << "\"/>\n";
            earlier += (earlier.empty() ? "" : " OR ") + match;
            symbols.push_back(rules.zoned[i]);
        }
        if (rules.fallback) {
            o << "<rule key=\"else\" symbol=\"" << symbols.size() << "\" label=\"" << xml(rules.fallback->legend.empty() ? title : rules.fallback->legend)
              << "\" filter=\"ELSE\"/>\n";
            symbols.push_back(rules.fallback);
        }
        o << "</rules>\n";
    }
    o << "<symbols>\n";
    for (std::size_t i = 0; i < symbols.size(); ++i) o << qml_zoning_symbol(i, *symbols[i]);
    o << "</symbols>\n</renderer-v2>\n<layerGeometryType>2</layerGeometryType>\n</qgis>\n";
    return o.str();
}

std::string layer_sld(const render::Style& st, const catalog::LayerSpec& layer) {
    const LayerRules rules = rules_for(st, layer);
    auto cat = [](const render::LayerStyle& l) {
        return Category{"", l.legend, l.fill, l.stroke, std::max(0.1, l.stroke_width), l.opacity, ""};
    };
    auto like = [&](const std::string& zone) {
        return "<ogc:PropertyIsLike wildCard=\"%\" singleChar=\"_\" escapeChar=\"\\\"><ogc:PropertyName>" + xml(layer.zone_field) +
               "</ogc:PropertyName><ogc:Literal>%" + xml(zone) + "%</ogc:Literal></ogc:PropertyIsLike>";
    };
    std::ostringstream o;
    o << "<NamedLayer><se:Name>" << xml(layer.id) << "</se:Name><UserStyle><se:Name>" << xml(layer.id)
      << "</se:Name><se:FeatureTypeStyle>\n";
    std::vector<std::string> earlier;
    for (const auto* l : rules.zoned) {
        std::string filter = like(l->zone);
        if (!earlier.empty()) {
            std::string any = earlier.size() == 1 ? earlier[0] : "<ogc:Or>" + [&] {
                std::string all;
                for (const auto& e : earlier) all += e;
                return all;
            }() + "</ogc:Or>";
            filter = "<ogc:And>" + filter + "<ogc:Not>" + any + "</ogc:Not></ogc:And>";
        }
        earlier.push_back(like(l->zone));
        o << "<se:Rule><se:Name>" << xml(l->legend) << "</se:Name><se:Description><se:Title>" << xml(l->legend)
          << "</se:Title></se:Description><ogc:Filter>" << filter << "</ogc:Filter>" << sld_symbolizer(cat(*l), Symbol::fill)
          << "</se:Rule>\n";
    }
    if (rules.fallback) {
        o << "<se:Rule><se:Name>" << xml(rules.fallback->legend) << "</se:Name><se:Description><se:Title>"
          << xml(rules.fallback->legend) << "</se:Title></se:Description>" << (rules.zoned.empty() ? "" : "<se:ElseFilter/>")
          << sld_symbolizer(cat(*rules.fallback), Symbol::fill) << "</se:Rule>\n";
    }
    o << "</se:FeatureTypeStyle></UserStyle></NamedLayer>\n";
    return sld_document(o.str());
}

}  // namespace ecozone::report
