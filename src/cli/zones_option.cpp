#include "cli/zones_option.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

void ZonesOption::add_to(CLI::App& app) {
    app.add_option("--zones", m_zones, tr("Zones (e.g. county boundaries); default: the catalog's [zones]"));
    app.add_option("--zone-layer", m_zone_layer, tr("Layer of the zones file, when it has several"));
    app.add_option("--zone-id-field", m_zone_id_field, tr("Attribute identifying a zone (e.g. adcode)"));
    app.add_option("--zone-name-field", m_zone_name_field, tr("Attribute naming a zone"));
    app.add_option("--group-field", m_group_field, tr("Attribute grouping zones (e.g. city); a group is the union of its zones"));
}

stats::ZonesRequest ZonesOption::request(const catalog::Catalog& cat) const {
    stats::ZonesRequest zones;
    if (cat.zones) {
        static_cast<catalog::SourceSpec&>(zones) = *cat.zones;
        zones.where = Where{cat.path.string(), cat.zones->line};
    }
    if (!m_zones.empty()) {
        zones = {};
        zones.source = m_zones;
        zones.as_written = m_zones;
        zones.layer = m_zone_layer;
        zones.where = Where{m_zones};
    }
    if (!m_zone_id_field.empty()) zones.code_field = m_zone_id_field;
    if (!m_zone_name_field.empty()) zones.name_field = m_zone_name_field;
    if (!m_group_field.empty()) zones.zone_field = m_group_field;
    if (zones.source.empty()) {
        throw Error({cat.path.string()}, tr("no zones to report on: the catalog has no [zones] section and --zones was not given."),
                    tr("Add [zones] with source and id_field to the catalog, or pass --zones FILE --zone-id-field "
                       "F."),
                    ErrorKind::usage);
    }
    if (zones.code_field.empty()) {
        throw Error(zones.where, tr("the zones need an id field."), tr("Pass --zone-id-field (e.g. adcode)."), ErrorKind::usage);
    }
    return zones;
}

}  // namespace ecozone::cli
