#include "render/page.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/i18n.hpp"

namespace ecozone::render {

std::optional<Format> format_from_path(const std::string& path) {
    std::string ext = path.substr(path.find_last_of('.') == std::string::npos ? path.size() : path.find_last_of('.'));
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".png") return Format::png;
    if (ext == ".svg") return Format::svg;
    if (ext == ".pdf") return Format::pdf;
    return std::nullopt;
}

std::optional<PageSpec> parse_page_size(const std::string& t) {
    PageSpec p;
    if (t == "A4" || t == "a4") return p;
    if (t == "A4-portrait") return PageSpec{210, 297, 200};
    if (t == "A3" || t == "a3") return PageSpec{420, 297, 200};
    if (t == "A3-portrait") return PageSpec{297, 420, 200};
    double w = 0, h = 0;
    char tail[8] = "";
    if (std::sscanf(t.c_str(), "%lfx%lf%7s", &w, &h, tail) >= 2 && w >= 50 && h >= 50 && w <= 2000 && h <= 2000 &&
        (std::string(tail).empty() || std::string(tail) == "mm")) {
        return PageSpec{w, h, 200};
    }
    return std::nullopt;
}

void check_png_size(const PageSpec& page) {
    const double w = page.width_mm / 25.4 * page.dpi, h = page.height_mm / 25.4 * page.dpi;
    if (!std::isfinite(w) || !std::isfinite(h) || w < 1 || h < 1 || w > 32767 || h > 32767 || w * h > k_max_png_pixels) {
        char b[200];
        std::snprintf(b, sizeof b, "a %.0f × %.0f mm page at %.0f dpi would be %.0f × %.0f pixels", page.width_mm,
                      page.height_mm, page.dpi, w, h);
        throw Error({}, tr("{1}; a PNG map can have at most 32,767 pixels a side and 250 million in all.", std::string(b)),
                    tr("Lower --dpi, or write a .pdf or .svg (they have no pixel limit)."), ErrorKind::usage);
    }
}

}  // namespace ecozone::render
