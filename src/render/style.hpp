#pragma once
// Map styles (styles/*.toml): how each role and zone value is drawn, and the choropleth classes.

#include <array>
#include <filesystem>
#include <optional>
#include <array>
#include <string>
#include <vector>

#include "catalog/role.hpp"

#include "screen/rules.hpp"

namespace ecozone::render {

struct Color {
    double r = 0, g = 0, b = 0, a = 1;
    bool none = true;
    std::string hex() const;  // "#rrggbb"
};
std::optional<Color> parse_color(std::string_view text);

enum class Hatch { none, diagonal, cross, horizontal, vertical };

struct LayerStyle {
    catalog::Role role = catalog::Role::other;
    std::string zone;  // matches features whose zone contains this text; "" = any
    Color fill, stroke, hatch_color;
    double stroke_width = 0.2;  // mm
    std::vector<double> dash;   // mm
    Hatch hatch = Hatch::none;
    double opacity = 1.0;
    int order = 0;
    std::string legend;
    std::string label_field;  // name | code | zone
    double label_size = 7;    // pt
};

struct Style {
    std::string path;
    std::string font = "Noto Sans CJK SC";
    Color background, land, frame, label_halo;
    double title_size = 16, note_size = 6.5;
    Color zone_stroke, zone_label;
    double zone_stroke_width = 0.45;
    std::vector<double> zone_dash;
    double zone_label_size = 8;
    std::vector<LayerStyle> layers;
    std::vector<double> classes;
    std::vector<Color> palette;
    Color missing, choropleth_stroke;
    double site_stroke_width = 0.9;
    Color overlap_fill;
    Hatch overlap_hatch = Hatch::diagonal;
    std::array<Color, 4> verdict_color;  // indexed by screen::Verdict
    const Color& color_of(screen::Verdict v) const { return verdict_color[static_cast<std::size_t>(v)]; }

    // The style for a feature of `role` with `zone`: the first entry of that role whose zone text the
    // feature's zone contains, else the role's entry without zone; nullptr when the role is not styled.
    const LayerStyle* for_feature(catalog::Role role, const std::string& zone) const;
};

Style load_style(const std::filesystem::path& path);
Style parse_style(std::string_view text, const std::filesystem::path& path);
std::filesystem::path default_style_path();

}  // namespace ecozone::render
