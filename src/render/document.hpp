#pragma once
// A print-ready A4 document (PDF through Cairo, text with Pango in Noto Sans CJK): flowing paragraphs,
// tables whose header row repeats on every page they run onto, maps drawn as vectors, page breaks,
// and a footer with the document's title and page numbers. No layout engine: blocks are placed top
// to bottom and a block that does not fit starts a new page.

#include <memory>
#include <string>
#include <vector>

#include "render/map.hpp"
#include "render/style.hpp"

namespace ecozone::render {

struct DocTable {
    struct Column {
        std::string title;
        double width_mm = 20;
        bool right = false;  // numbers
    };
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> rows;
};

class PdfDocument {
public:
    // `title` goes in every page's footer and the PDF's metadata; `date` (YYYY-MM-DD) is its date.
    PdfDocument(std::string title, const std::string& date, const Style& style);
    ~PdfDocument();
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    void heading(const std::string& text, int level = 1);  // 1: 16 pt, 2: 12.5 pt, 3: 10.5 pt
    void paragraph(const std::string& text, double size_pt = 9, bool bold = false, const Color* color = nullptr);
    // A label/value block (the title block): the labels bold in a left column.
    void key_values(const std::vector<std::pair<std::string, std::string>>& rows);
    void table(const DocTable& table);
    // The map, drawn as vectors at `width_mm` × `height_mm` (kept together on one page).
    void map(const MapInput& input, double width_mm, double height_mm);
    void space(double mm);
    void page_break();
    // The PDF's bytes; throws ecozone::Error when Cairo could not write it.
    std::string finish();
    int pages() const { return m_page; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    int m_page = 1;
    double m_y = 0;
    double text_height(const std::string& text, double width, double size, bool bold);
    double text_width(const std::string& text, double size, bool bold);
    void draw_text(const std::string& text, double x, double y, double width, double size, bool bold, const Color& c);
    void ensure(double height);
    void footer();
};

}  // namespace ecozone::render
