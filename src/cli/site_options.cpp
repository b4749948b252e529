#include "cli/site_options.hpp"

#include "cli/command.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

void SiteFileOptions::add_to(CLI::App& app) {
    app.add_option("--buffer-m", m_buffer_m, tr("Footprint radius in metres for points without a buffer_m attribute"))
        ->check(finite_range(0, 50'000, "m"));
    app.add_option("--id-field", m_id_field, tr("Attribute holding the site id (default: id, 编号, …)"));
    app.add_option("--name-field", m_name_field, tr("Attribute holding the site name (default: name, 项目名称, …)"));
    app.add_option("--category-field", m_category_field, tr("Attribute holding the category (default: category, 行业类别, …)"));
    app.add_option("--layer,--sheet", m_layer, tr("Layer of the sites file, or sheet of a spreadsheet, when it has several"));
    app.add_option("--crs", m_crs, tr("CRS of the sites, when the file has none or a wrong one (e.g. EPSG:4523)"));
    app.add_option("--coords", m_coords, tr("Convert web-map coordinates first: gcj02 (Amap, Tencent) or bd09 (Baidu)"))
        ->check(CLI::IsMember({"gcj02", "bd09"}));
}

load::SiteReadOptions SiteFileOptions::options() const {
    load::SiteReadOptions o;
    o.layer = m_layer;
    o.id_field = m_id_field;
    o.name_field = m_name_field;
    o.category_field = m_category_field;
    o.default_buffer_m = m_buffer_m;
    o.coords = m_coords;
    o.crs = m_crs;
    return o;
}

}  // namespace ecozone::cli
