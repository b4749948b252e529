#include <string>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/escape.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "render/canvas.hpp"
#include "render/map.hpp"

// Cairo surfaces for the three map formats: PNG in memory, PDF and SVG streamed to a string.
namespace ecozone::render {

MapInfo draw_map(cairo_t* cr, const MapInput& input, const PageSpec& page);  // map.cpp

namespace {

cairo_status_t write_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// Cairo writes text as glyph outlines; give the SVG a real <title> and a <desc> with the legend.
std::string svg_with_text(const std::string& svg, const std::string& title, const std::vector<std::string>& legend) {
    const auto esc = [](const std::string& s) { return text::xml_escape(s); };
    const auto pos = svg.find("<svg");
    if (pos == std::string::npos) return svg;
    const auto end = svg.find('>', pos);
    std::string extra = "\n<title>" + esc(title) + "</title>\n<desc>图例：" + esc(text::join(legend, "；")) + "</desc>\n";
    return svg.substr(0, end + 1) + extra + svg.substr(end + 1);
}

// Draws the map on `surface`, its units scaled to millimetres by `scale`.
MapInfo draw_on(cairo_surface_t* surface, double scale, const MapInput& input, const PageSpec& page) {
    const ContextPtr cr(cairo_create(surface));
    cairo_scale(cr.get(), scale, scale);
    return draw_map(cr.get(), input, page);
}

}  // namespace

MapInfo render_map(const MapInput& input, const PageSpec& page, Format format, const std::string& path,
                   const std::string& label) {
    MapInfo info;
    const std::string bytes = render_map_bytes(input, page, format, &info);
    write_bytes(path, bytes, label.empty() ? path : label);
    return info;
}

std::string render_map_bytes(const MapInput& input, const PageSpec& page, Format format, MapInfo* info_out) {
    if (format == Format::png) return render_png_bytes(input, page, info_out);
    const double w_pt = page.width_mm / pt_mm, h_pt = page.height_mm / pt_mm;
    std::string data;
    const SurfacePtr surface(format == Format::pdf ? cairo_pdf_surface_create_for_stream(write_to_string, &data, w_pt, h_pt)
                                                   : cairo_svg_surface_create_for_stream(write_to_string, &data, w_pt, h_pt));
    if (format == Format::pdf) {
        // Fixed metadata: the same input on the same date makes the same file.
        const std::string date = (input.date.empty() ? std::string("2000-01-01") : input.date) + "T00:00:00";
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, input.title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "ecozone");
    }
    const MapInfo info = draw_on(surface.get(), 1 / pt_mm, input, page);
    cairo_surface_finish(surface.get());
    const cairo_status_t status = cairo_surface_status(surface.get());
    if (status != CAIRO_STATUS_SUCCESS) {
        throw Error({}, tr("drawing the map failed: {1}.", cairo_status_to_string(status)),
                    tr("Try a smaller --size; nothing was written."));
    }
    if (format == Format::svg) data = svg_with_text(data, input.title, info.legend);
    if (info_out) *info_out = info;
    return data;
}

std::string render_png_bytes(const MapInput& input, const PageSpec& page, MapInfo* info) {
    check_png_size(page);
    const int w = static_cast<int>(std::lround(page.width_mm / 25.4 * page.dpi));
    const int h = static_cast<int>(std::lround(page.height_mm / 25.4 * page.dpi));
    const SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        throw Error({}, tr("the map image of {1} × {2} pixels could not be made: {3}.",
                           std::to_string(w), std::to_string(h), cairo_status_to_string(cairo_surface_status(surface.get()))),
                    tr("Lower --dpi or --size, or write a .pdf or .svg."));
    }
    const MapInfo local = draw_on(surface.get(), page.dpi / 25.4, input, page);
    std::string data;
    const cairo_status_t written = cairo_surface_write_to_png_stream(surface.get(), write_to_string, &data);
    if (written != CAIRO_STATUS_SUCCESS || data.empty()) {
        throw Error({}, tr("encoding the map as PNG failed: {1}.", cairo_status_to_string(written)),
                    tr("Lower --dpi or --size, or write a .pdf or .svg."));
    }
    if (info) *info = local;
    return data;
}

}  // namespace ecozone::render
