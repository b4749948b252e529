#include "catalog/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <set>

#include "core/atomic_file.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "core/toml_reader.hpp"

namespace ecozone::catalog {

namespace fs = std::filesystem;

std::string LayerSpec::label() const {
    return title.empty() ? "'" + id + "'" : "'" + id + "' (" + title + ")";
}

const LayerSpec* Catalog::find_layer(std::string_view id) const {
    for (const auto& l : layers)
        if (l.id == id) return &l;
    return nullptr;
}

bool is_connection_string(std::string_view s) {
    return s.starts_with("PG:") || s.starts_with("/vsi") || s.find("://") != std::string_view::npos ||
           s.starts_with("MSSQL:") || s.starts_with("OCI:");
}

std::vector<LandcoverEdition> LandcoverSpec::years() const {
    std::vector<LandcoverEdition> out = editions;
    const bool listed = std::any_of(out.begin(), out.end(), [&](const LandcoverEdition& e) { return e.source == source && e.year == year; });
    if (!listed && year != 0) out.push_back({year, source, nodata, crs, line});
    std::stable_sort(out.begin(), out.end(), [](const LandcoverEdition& a, const LandcoverEdition& b) { return a.year < b.year; });
    return out;
}

namespace {

const std::vector<std::string> k_catalog_keys = {"name", "crs", "version", "date", "rules", "map_note", "producer", "base_map"};
const std::vector<std::string> k_top_keys = {"catalog", "layers", "landcover", "zones"};
const std::vector<std::string> k_layer_keys = {"id",         "role",       "title",      "source",
                                               "layer",      "code_field", "name_field", "zone_field",
                                               "crs",        "encoding",   "where",      "access_list",
                                               "access_code_field"};
const std::vector<std::string> k_landcover_keys = {"source", "year",     "forest_classes", "green_classes",
                                                   "nodata", "crs",      "editions",       "carbon"};
const std::vector<std::string> k_edition_keys = {"year", "source", "nodata", "crs"};
const std::vector<std::string> k_zones_keys = {"source", "layer", "id_field", "name_field",
                                               "group_field", "crs", "encoding"};

class CatalogParser {
public:
    CatalogParser(const fs::path& path) : m_reader(path), m_dir(path.parent_path()) {}

    Catalog parse(std::string_view text) {
        const toml::table root = m_reader.parse(text);
        m_reader.check_keys(root, k_top_keys, tr("the catalog"));

        Catalog cat;
        cat.path = m_reader.file();
        const toml::table* head = root["catalog"].as_table();
        if (!head) {
            m_reader.error(1, tr("the catalog has no [catalog] section."),
                           tr("Start the file with  [catalog]  and  name = \"...\"."));
        }
        m_reader.check_keys(*head, k_catalog_keys, "[catalog]");
        cat.name = m_reader.require_string(*head, "name", "[catalog]");
        if (auto v = m_reader.get_string(*head, "crs")) cat.crs = *v;
        cat.version = m_reader.get_string(*head, "version").value_or("");
        cat.date = m_reader.get_string(*head, "date").value_or("");
        cat.map_note = m_reader.get_string(*head, "map_note").value_or("");
        cat.producer = m_reader.get_string(*head, "producer").value_or("");
        cat.base_map = m_reader.get_string(*head, "base_map").value_or("");
        if (auto rules = m_reader.get_string(*head, "rules")) {
            cat.rules = resolve_file(*rules, head->get("rules"), tr("rule set"));
        }

        const toml::node* layers_node = root.get("layers");
        const toml::array* layers = layers_node ? layers_node->as_array() : nullptr;
        if (layers_node && (!layers || !layers->is_array_of_tables())) {
            m_reader.error(layers_node, tr("'layers' must be written as [[layers]] sections."));
        }
        // Layers are optional: forest cover per county needs only [landcover] and [zones].
        std::set<std::string> ids;
        static const toml::array no_layers;
        for (const auto& node : layers ? *layers : no_layers) {  // a reference: a copy would lose the source lines
            LayerSpec spec = parse_layer(*node.as_table());
            if (!ids.insert(spec.id).second) {
                m_reader.error(spec.line, tr("layer id '{1}' is used twice.", spec.id),
                               tr("Give every [[layers]] entry its own id; outputs refer to layers by id."));
            }
            cat.layers.push_back(std::move(spec));
        }

        if (const toml::table* lc = root["landcover"].as_table()) cat.landcover = parse_landcover(*lc);
        if (const toml::table* z = root["zones"].as_table()) cat.zones = parse_zones(*z);
        if (cat.layers.empty() && !cat.landcover && !cat.zones) {
            m_reader.error(m_reader.line_of(head), tr("the catalog lists no layers, no [landcover] and no [zones]: there is nothing to work with."),
                           tr("Add [[layers]] sections with id, role and source (for screening), or [landcover] and "
                              "[zones] (for forest cover per county)."));
        }
        return cat;
    }

private:
    TomlReader m_reader;
    fs::path m_dir;

    std::string resolve_file(const std::string& written, const toml::node* at, std::string_view what) {
        if (is_connection_string(written)) return written;
        fs::path p(written);
        if (p.is_relative()) p = m_dir / p;
        p = p.lexically_normal();
        if (!fs::exists(p)) {
            m_reader.error(at, tr("{1} '{2}' does not exist (looked for {3}).", std::string(what), written, p.string()),
                           tr("Paths in a catalog are relative to the catalog file's folder."));
        }
        return p.string();
    }

    LayerSpec parse_layer(const toml::table& t) {
        LayerSpec s;
        s.line = m_reader.line_of(&t);
        m_reader.check_keys(t, k_layer_keys, "[[layers]]");
        s.id = m_reader.require_string(t, "id", "[[layers]]");
        for (char c : s.id) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) {
                m_reader.error(t.get("id"), tr("layer id '{1}' may only use letters, digits, '_' and '-'.", s.id),
                               tr("Ids appear in file names and JSON keys; put the Chinese name in 'title'."));
            }
        }
        const std::string role = m_reader.require_string(t, "role", tr("layer '{1}'", s.id));
        auto r = role_from_name(role);
        if (!r) {
            m_reader.error(t.get("role"), tr("layer '{1}' has unknown role '{2}'.{3}",
                                             s.id, role, text::did_you_mean(role, role_names())),
                           tr("Roles: {1}.", text::join(role_names())));
        }
        s.role = *r;
        s.title = m_reader.get_string(t, "title").value_or(std::string(role_label(s.role)));
        s.as_written = m_reader.require_string(t, "source", tr("layer '{1}'", s.id));
        s.source = resolve_file(s.as_written, t.get("source"), tr("layer '{1}': source", s.id));
        s.layer = m_reader.get_string(t, "layer").value_or("");
        s.code_field = m_reader.get_string(t, "code_field").value_or("");
        s.name_field = m_reader.get_string(t, "name_field").value_or("");
        s.zone_field = m_reader.get_string(t, "zone_field").value_or("");
        s.crs = m_reader.get_string(t, "crs").value_or("");
        s.encoding = m_reader.get_string(t, "encoding").value_or("");
        s.filter = m_reader.get_string(t, "where").value_or("");
        if (auto a = m_reader.get_string(t, "access_list")) {
            s.access_list = resolve_file(*a, t.get("access_list"), tr("layer '{1}': access list", s.id));
        }
        s.access_code_field = m_reader.get_string(t, "access_code_field").value_or("");
        if (!s.access_list.empty() && s.role != Role::control_unit) {
            m_reader.error(t.get("access_list"), tr("layer '{1}' has an access list but is not a control_unit layer.", s.id),
                           tr("Access lists (准入清单) belong to role = \"control_unit\"."));
        }
        return s;
    }

    LandcoverSpec parse_landcover(const toml::table& t) {
        LandcoverSpec s;
        s.line = m_reader.line_of(&t);
        m_reader.check_keys(t, k_landcover_keys, "[landcover]");
        if (t.get("source")) s.source = resolve_file(m_reader.require_string(t, "source", "[landcover]"), t.get("source"), tr("[landcover] source"));
        s.year = static_cast<int>(m_reader.get_integer(t, "year", 1900, 2200).value_or(0));
        s.forest_classes = m_reader.get_int_array(t, "forest_classes", -32768, 65535).value_or(std::vector<int>{10});
        s.green_classes = m_reader.get_int_array(t, "green_classes", -32768, 65535).value_or(std::vector<int>{10, 20, 30});
        s.nodata = m_reader.get_number(t, "nodata", -32768, 65535);
        s.crs = m_reader.get_string(t, "crs").value_or("");
        if (auto carbon = m_reader.get_string(t, "carbon")) s.carbon = resolve_file(*carbon, t.get("carbon"), tr("[landcover] carbon"));
        if (const toml::node* node = t.get("editions")) {
            const toml::array* arr = node->as_array();
            if (!arr || !arr->is_array_of_tables()) {
                m_reader.error(node, tr("[landcover] editions must be a list of tables, e.g. editions = [{year = 2020, "
                                        "source = \"landcover_2020.tif\"}]."));
            }
            for (const auto& item : *arr) {
                const toml::table& e = *item.as_table();
                m_reader.check_keys(e, k_edition_keys, tr("a [landcover] edition"));
                LandcoverEdition ed;
                ed.line = m_reader.line_of(&e);
                const auto year = m_reader.get_integer(e, "year", 1900, 2200);
                if (!year) m_reader.error(&e, tr("a [landcover] edition has no year."), tr("Write  {year = 2020, source = \"…\"}."));
                ed.year = static_cast<int>(*year);
                ed.source = resolve_file(m_reader.require_string(e, "source", tr("a [landcover] edition")), e.get("source"),
                                         tr("[landcover] edition {1}", std::to_string(ed.year)));
                ed.nodata = m_reader.get_number(e, "nodata", -32768, 65535);
                if (!ed.nodata) ed.nodata = s.nodata;
                ed.crs = m_reader.get_string(e, "crs").value_or(s.crs);
                const bool same_year = ed.year == s.year ||
                                       std::any_of(s.editions.begin(), s.editions.end(), [&](const LandcoverEdition& o) { return o.year == ed.year; });
                if (same_year) {
                    m_reader.error(&e, tr("[landcover] has year {1} twice.", std::to_string(ed.year)),
                                   tr("Give each year one raster."));
                }
                s.editions.push_back(std::move(ed));
            }
        }
        if (s.source.empty()) {
            if (s.editions.empty()) {
                m_reader.error(&t, tr("[landcover] has no source."),
                               tr("Add  source = \"landcover.tif\"  (the land-cover raster), or editions = [{year = …, "
                                  "source = …}]."));
            }
            // The latest edition is the current land cover.
            const auto latest = std::max_element(s.editions.begin(), s.editions.end(),
                                                 [](const LandcoverEdition& a, const LandcoverEdition& b) { return a.year < b.year; });
            s.source = latest->source;
            s.year = latest->year;
            s.nodata = latest->nodata;
            s.crs = latest->crs;
        }
        return s;
    }

    ZonesSpec parse_zones(const toml::table& t) {
        ZonesSpec s;
        s.line = m_reader.line_of(&t);
        m_reader.check_keys(t, k_zones_keys, "[zones]");
        s.source = resolve_file(m_reader.require_string(t, "source", "[zones]"), t.get("source"), tr("[zones] source"));
        s.as_written = s.source;  // messages name the zones by their path
        s.layer = m_reader.get_string(t, "layer").value_or("");
        s.code_field = m_reader.require_string(t, "id_field", "[zones]");
        s.name_field = m_reader.get_string(t, "name_field").value_or("");
        s.zone_field = m_reader.get_string(t, "group_field").value_or("");
        s.crs = m_reader.get_string(t, "crs").value_or("");
        s.encoding = m_reader.get_string(t, "encoding").value_or("");
        return s;
    }
};

}  // namespace

Catalog parse_catalog(std::string_view text, const fs::path& path) {
    return CatalogParser(path).parse(text);
}

Catalog load_catalog(const fs::path& path) {
    return parse_catalog(read_text_file(path, tr("the catalog"), tr("Check the --catalog path; relative paths are taken from the current folder.")),
                         path);
}

}  // namespace ecozone::catalog
