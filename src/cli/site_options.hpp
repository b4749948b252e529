#pragma once
// How a sites file is read (`screen`, `diff --sites`): which layer or sheet, which attributes hold the id,
// name and category, the CRS and web-map coordinates, the footprint of bare points.

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "load/sites.hpp"

namespace ecozone::cli {

class SiteFileOptions {
public:
    void add_to(CLI::App& app);
    load::SiteReadOptions options() const;

private:
    std::optional<double> m_buffer_m;
    std::string m_id_field, m_name_field, m_category_field, m_layer, m_coords, m_crs;
};

}  // namespace ecozone::cli
