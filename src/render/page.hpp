#pragma once
// The sheet a map is drawn on: its output format and its size.

#include <optional>
#include <string>

namespace ecozone::render {

enum class Format { png, svg, pdf };
std::optional<Format> format_from_path(const std::string& path);

struct PageSpec {
    double width_mm = 297, height_mm = 210;  // A4 landscape
    double dpi = 200;
};
// "A4", "A3", "A4-portrait", "A3-portrait", "300x200mm"; nullopt when not understood.
std::optional<PageSpec> parse_page_size(const std::string& text);
// PNG pages are bounded by Cairo's 32,767 pixels a side and by memory (4 bytes a pixel).
inline constexpr double k_max_png_pixels = 250e6;
// Throws a usage ecozone::Error when `page` at its dpi is more pixels than a PNG map can have.
void check_png_size(const PageSpec& page);

// Millimetres in a typographic point.
inline constexpr double pt_mm = 25.4 / 72.0;

}  // namespace ecozone::render
