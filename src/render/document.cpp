#include "render/document.hpp"

#include <algorithm>
#include <cairo-pdf.h>

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "render/canvas.hpp"
#include "render/page.hpp"

namespace ecozone::render {

MapInfo draw_map(cairo_t* cr, const MapInput& input, const PageSpec& page);  // map.cpp

namespace {

constexpr double k_page_w = 210, k_page_h = 297;
constexpr double k_left = 18, k_right = 18, k_top = 16, k_bottom = 20;  // mm
constexpr double k_text_w = k_page_w - k_left - k_right;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

struct PdfDocument::Impl {
    std::string data;
    SurfacePtr surface;
    ContextPtr cr;
    PangoLayout* layout = nullptr;
    std::string title, font;
    const Style* style = nullptr;
    ~Impl() {
        if (layout) g_object_unref(layout);
    }
};

PdfDocument::PdfDocument(std::string title, const std::string& date, const Style& style) : m_impl(std::make_unique<Impl>()) {
    m_impl->title = std::move(title);
    m_impl->font = style.font;
    m_impl->style = &style;
    m_impl->surface.reset(cairo_pdf_surface_create_for_stream(append, &m_impl->data, k_page_w / pt_mm, k_page_h / pt_mm));
    cairo_surface_t* s = m_impl->surface.get();
    const std::string stamp = (date.empty() ? std::string("2000-01-01") : date) + "T00:00:00";
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, stamp.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, stamp.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, m_impl->title.c_str());
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "ecozone");
    m_impl->cr.reset(cairo_create(s));
    cairo_t* cr = m_impl->cr.get();
    cairo_scale(cr, 1 / pt_mm, 1 / pt_mm);  // units: mm
    m_impl->layout = make_text_layout(cr);
    m_y = k_top;
}

PdfDocument::~PdfDocument() = default;

double PdfDocument::text_height(const std::string& text, double width, double size, bool bold) {
    cairo_t* cr = m_impl->cr.get();
    cairo_save(cr);
    cairo_scale(cr, pt_mm, pt_mm);
    pango_cairo_update_layout(cr, m_impl->layout);
    PangoFontDescription* d = pango_font_description_from_string(m_impl->font.c_str());
    pango_font_description_set_size(d, static_cast<int>(size * PANGO_SCALE));
    if (bold) pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(m_impl->layout, d);
    pango_font_description_free(d);
    pango_layout_set_width(m_impl->layout, static_cast<int>(width / pt_mm * PANGO_SCALE));
    pango_layout_set_wrap(m_impl->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(m_impl->layout, text.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(m_impl->layout, &w, &h);
    cairo_restore(cr);
    return h / double(PANGO_SCALE) * pt_mm;
}

double PdfDocument::text_width(const std::string& text, double size, bool bold) {
    text_height(text, 1000, size, bold);  // one line: the layout's width is the text's
    int w = 0, h = 0;
    pango_layout_get_size(m_impl->layout, &w, &h);
    return w / double(PANGO_SCALE) * pt_mm;
}

void PdfDocument::draw_text(const std::string& text, double x, double y, double width, double size, bool bold,
                            const Color& c) {
    cairo_t* cr = m_impl->cr.get();
    text_height(text, width, size, bold);  // sets the layout up
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, pt_mm, pt_mm);
    pango_cairo_update_layout(cr, m_impl->layout);
    set_color(cr, c);
    cairo_move_to(cr, 0, 0);
    pango_cairo_show_layout(cr, m_impl->layout);
    cairo_restore(cr);
}

void PdfDocument::footer() {
    const Color grey{0.4, 0.4, 0.4, 1, false};
    cairo_t* cr = m_impl->cr.get();
    cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
    cairo_set_line_width(cr, 0.2);
    cairo_move_to(cr, k_left, k_page_h - k_bottom + 6);
    cairo_line_to(cr, k_page_w - k_right, k_page_h - k_bottom + 6);
    cairo_stroke(cr);
    draw_text(m_impl->title, k_left, k_page_h - k_bottom + 7.5, k_text_w - 30, 7, false, grey);
    const std::string n = "第 " + std::to_string(m_page) + " 页";
    draw_text(n, k_page_w - k_right - 25, k_page_h - k_bottom + 7.5, 25, 7, false, grey);
}

void PdfDocument::page_break() {
    footer();
    cairo_show_page(m_impl->cr.get());
    ++m_page;
    m_y = k_top;
}

void PdfDocument::ensure(double height) {
    if (m_y + height > k_page_h - k_bottom && m_y > k_top + 0.1) page_break();
}

void PdfDocument::space(double mm) { m_y += mm; }

void PdfDocument::heading(const std::string& text, int level) {
    const double size = level == 1 ? 16 : level == 2 ? 12.5 : 10.5;
    const double h = text_height(text, k_text_w, size, true);
    ensure(h + 20);  // a heading never ends a page: keep room for what follows
    m_y += level == 1 ? 0 : 3;
    draw_text(text, k_left, m_y, k_text_w, size, true, k_dark);
    m_y += h + (level == 1 ? 3 : 1.5);
    if (level <= 2) {
        cairo_t* cr = m_impl->cr.get();
        cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
        cairo_set_line_width(cr, level == 1 ? 0.5 : 0.3);
        cairo_move_to(cr, k_left, m_y - 0.8);
        cairo_line_to(cr, k_page_w - k_right, m_y - 0.8);
        cairo_stroke(cr);
        m_y += 1.5;
    }
}

void PdfDocument::paragraph(const std::string& text, double size, bool bold, const Color* color) {
    const double h = text_height(text, k_text_w, size, bold);
    ensure(std::min(h, 12.0));
    if (m_y + h > k_page_h - k_bottom) {
        // A long paragraph: cut it at the lines that fit.
        const double line = text_height("国", k_text_w, size, bold);
        std::string rest = text;
        while (!rest.empty()) {
            const double room = k_page_h - k_bottom - m_y;
            const int lines = std::max(1, static_cast<int>(room / line));
            // Take characters until the layout grows past `lines` lines.
            std::size_t lo = 1, hi = rest.size(), best = 0;
            while (lo <= hi) {
                std::size_t mid = (lo + hi) / 2;
                while (mid < rest.size() && (static_cast<unsigned char>(rest[mid]) & 0xC0) == 0x80) ++mid;
                if (text_height(rest.substr(0, mid), k_text_w, size, bold) <= lines * line + 0.01) {
                    best = mid;
                    lo = mid + 1;
                } else {
                    if (mid == 0) break;
                    hi = mid - 1;
                }
            }
            if (best == 0) best = rest.size();
            const std::string part = rest.substr(0, best);
            draw_text(part, k_left, m_y, k_text_w, size, bold, color ? *color : k_dark);
            m_y += text_height(part, k_text_w, size, bold) + 1.2;
            rest.erase(0, best);
            if (!rest.empty()) page_break();
        }
        return;
    }
    draw_text(text, k_left, m_y, k_text_w, size, bold, color ? *color : k_dark);
    m_y += h + 1.2;
}

void PdfDocument::key_values(const std::vector<std::pair<std::string, std::string>>& rows) {
    const double label_w = 42, value_w = k_text_w - label_w - 3;
    cairo_t* cr = m_impl->cr.get();
    for (const auto& [k, v] : rows) {
        const double h = std::max(text_height(k, label_w - 2, 9, true), text_height(v, value_w - 2, 9, false)) + 2.4;
        ensure(h);
        cairo_rectangle(cr, k_left, m_y, label_w, h);
        cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
        cairo_set_line_width(cr, 0.2);
        cairo_stroke(cr);
        cairo_rectangle(cr, k_left + label_w, m_y, k_text_w - label_w, h);
        cairo_stroke(cr);
        draw_text(k, k_left + 1.2, m_y + 1.2, label_w - 2, 9, true, k_dark);
        draw_text(v, k_left + label_w + 1.5, m_y + 1.2, value_w - 2, 9, false, k_dark);
        m_y += h;
    }
    m_y += 3;
}

void PdfDocument::table(const DocTable& t) {
    cairo_t* cr = m_impl->cr.get();
    double total = 0;
    for (const auto& c : t.columns) total += c.width_mm;
    const double k = total > k_text_w ? k_text_w / total : 1.0;  // columns scaled to the text width
    std::vector<double> w;
    for (const auto& c : t.columns) w.push_back(c.width_mm * k);
    const double size = 8;
    auto row_height = [&](const std::vector<std::string>& cells, bool bold) {
        double h = 0;
        for (std::size_t i = 0; i < cells.size() && i < w.size(); ++i) h = std::max(h, text_height(cells[i], w[i] - 2, size, bold));
        return h + 2.2;
    };
    std::vector<std::string> head;
    for (const auto& c : t.columns) head.push_back(c.title);
    const double head_h = row_height(head, true);
    auto draw_row = [&](const std::vector<std::string>& cells, double h, bool header) {
        double x = k_left;
        for (std::size_t i = 0; i < w.size(); ++i) {
            cairo_rectangle(cr, x, m_y, w[i], h);
            if (header) {
                cairo_set_source_rgb(cr, 0.93, 0.94, 0.96);
                cairo_fill_preserve(cr);
            }
            cairo_set_source_rgb(cr, 0.78, 0.78, 0.78);
            cairo_set_line_width(cr, 0.2);
            cairo_stroke(cr);
            const std::string& text = i < cells.size() ? cells[i] : std::string();
            double tx = x + 1;
            if (t.columns[i].right && !header) {
                const double tw = std::min(w[i] - 2, text_width(text, size, false));
                tx = x + w[i] - 1 - tw;
            }
            draw_text(text, tx, m_y + 1.1, w[i] - 2, size, header, k_dark);
            x += w[i];
        }
        m_y += h;
    };
    ensure(head_h + row_height(t.rows.empty() ? head : t.rows.front(), false));
    draw_row(head, head_h, true);
    for (const auto& r : t.rows) {
        const double h = row_height(r, false);
        if (m_y + h > k_page_h - k_bottom) {
            page_break();
            draw_row(head, head_h, true);  // the header again on the new page
        }
        draw_row(r, h, false);
    }
    m_y += 3;
}

void PdfDocument::map(const MapInput& input, double width_mm, double height_mm) {
    ensure(height_mm);
    cairo_t* cr = m_impl->cr.get();
    cairo_save(cr);
    cairo_translate(cr, k_left + (k_text_w - width_mm) / 2, m_y);
    cairo_rectangle(cr, 0, 0, width_mm, height_mm);
    cairo_clip(cr);
    draw_map(cr, input, PageSpec{width_mm, height_mm, 300});
    cairo_restore(cr);
    cairo_rectangle(cr, k_left + (k_text_w - width_mm) / 2, m_y, width_mm, height_mm);
    cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(cr, 0.2);
    cairo_stroke(cr);
    m_y += height_mm + 3;
}

std::string PdfDocument::finish() {
    footer();
    cairo_show_page(m_impl->cr.get());
    if (m_impl->layout) {
        g_object_unref(m_impl->layout);
        m_impl->layout = nullptr;
    }
    m_impl->cr.reset();
    cairo_surface_finish(m_impl->surface.get());
    const cairo_status_t status = cairo_surface_status(m_impl->surface.get());
    if (status != CAIRO_STATUS_SUCCESS) {
        throw Error({}, tr("writing the PDF report failed: {1}.", cairo_status_to_string(status)),
                    tr("Check the disk; nothing was put in place."));
    }
    return std::move(m_impl->data);
}

}  // namespace ecozone::render
