#include "report/xlsx.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include <xlsxwriter.h>

#include "core/error.hpp"
#include "core/i18n.hpp"

namespace ecozone::report {

namespace {

constexpr std::size_t k_max_rows = 1'048'576;     // Excel's limit
constexpr std::size_t k_max_cell_chars = 32'000;  // Excel keeps 32,767 characters in a cell

std::time_t utc_midnight(const std::string& date) {
    std::tm tm{};
    if (std::sscanf(date.c_str(), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

// Text within Excel's cell limit, cut at a character boundary.
std::string cell_text(const std::string& s) {
    if (s.size() <= k_max_cell_chars) return s;
    std::size_t cut = k_max_cell_chars;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return s.substr(0, cut) + "…（已截断 truncated）";
}

}  // namespace

struct XlsxBook::Impl {
    lxw_workbook* wb = nullptr;
    lxw_format* head_zh = nullptr;
    lxw_format* head_en = nullptr;
    lxw_format* text = nullptr;
    std::vector<lxw_format*> number;  // by decimals 0..6
    std::vector<lxw_format*> percent;
    std::string title, date;
};

XlsxBook::XlsxBook(const std::filesystem::path& path, std::string label, const std::string& date, const std::string& title)
    : m_impl(std::make_unique<Impl>()), m_label(std::move(label)) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    m_impl->wb = workbook_new_opt(path.string().c_str(), &options);
    if (!m_impl->wb) {
        throw Error({m_label}, tr("could not start the spreadsheet."),
                    tr("Check that the output folder is writable and the disk is not full; nothing was put in "
                       "place."));
    }
    m_impl->title = title;
    m_impl->date = date;
    lxw_doc_properties props{};
    props.title = m_impl->title.data();
    props.author = const_cast<char*>("ecozone");
    props.created = utc_midnight(date);
    workbook_set_properties(m_impl->wb, &props);
    auto* wb = m_impl->wb;
    m_impl->head_zh = workbook_add_format(wb);
    format_set_bold(m_impl->head_zh);
    format_set_bg_color(m_impl->head_zh, 0xE8EEF4);
    format_set_border(m_impl->head_zh, LXW_BORDER_THIN);
    format_set_text_wrap(m_impl->head_zh);
    format_set_align(m_impl->head_zh, LXW_ALIGN_VERTICAL_CENTER);
    m_impl->head_en = workbook_add_format(wb);
    format_set_italic(m_impl->head_en);
    format_set_font_color(m_impl->head_en, 0x555555);
    format_set_bg_color(m_impl->head_en, 0xF4F6F8);
    format_set_border(m_impl->head_en, LXW_BORDER_THIN);
    m_impl->text = workbook_add_format(wb);
    format_set_num_format(m_impl->text, "@");  // a text cell stays text when edited
    for (int d = 0; d <= 6; ++d) {
        lxw_format* n = workbook_add_format(wb);
        lxw_format* p = workbook_add_format(wb);
        const std::string zeros(static_cast<std::size_t>(d), '0');
        format_set_num_format(n, d == 0 ? "#,##0" : ("#,##0." + zeros).c_str());
        format_set_num_format(p, d == 0 ? "0%" : ("0." + zeros + "%").c_str());
        m_impl->number.push_back(n);
        m_impl->percent.push_back(p);
    }
}

XlsxBook::~XlsxBook() {
    if (m_impl && m_impl->wb) {
        // Not closed: an error on the way. Close to free it; the batch removes the temporary file.
        workbook_close(m_impl->wb);
    }
}

void XlsxBook::check(int error, const std::string& what) const {
    if (error == LXW_NO_ERROR) return;
    throw Error({m_label}, what + ": " + lxw_strerror(static_cast<lxw_error>(error)) + ".",
                tr("Check that the output folder is writable and the disk is not full; nothing was put in "
                   "place."));
}

XlsxBook::Sheet& XlsxBook::add_sheet(const std::string& name, std::vector<XlsxColumn> columns) {
    lxw_worksheet* ws = workbook_add_worksheet(m_impl->wb, name.c_str());
    if (!ws) throw Error({m_label}, tr("could not add the sheet '{1}'.",
                                       name), tr("This is a fault in ecozone; please report it."));
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        worksheet_set_column(ws, col, col, columns[c].width, columns[c].kind == XlsxColumn::Kind::text ? m_impl->text : nullptr);
        check(worksheet_write_string(ws, 0, col, columns[c].zh.c_str(), m_impl->head_zh), "could not write a header");
        check(worksheet_write_string(ws, 1, col, columns[c].en.c_str(), m_impl->head_en), "could not write a header");
    }
    worksheet_set_row(ws, 0, 30, nullptr);
    worksheet_freeze_panes(ws, 2, 0);
    m_sheets.push_back(std::unique_ptr<Sheet>(new Sheet(*this, ws, std::move(columns))));
    return *m_sheets.back();
}

void XlsxBook::add_notes(const std::string& name, const std::vector<std::pair<std::string, std::string>>& rows) {
    lxw_worksheet* ws = workbook_add_worksheet(m_impl->wb, name.c_str());
    if (!ws) throw Error({m_label}, tr("could not add the sheet '{1}'.",
                                       name), tr("This is a fault in ecozone; please report it."));
    worksheet_set_column(ws, 0, 0, 26, m_impl->head_zh);
    worksheet_set_column(ws, 1, 1, 100, m_impl->text);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r);
        check(worksheet_write_string(ws, row, 0, cell_text(rows[r].first).c_str(), m_impl->head_zh), "could not write a note");
        check(worksheet_write_string(ws, row, 1, cell_text(rows[r].second).c_str(), m_impl->text), "could not write a note");
    }
}

void XlsxBook::close() {
    for (auto& s : m_sheets) s->finish();
    lxw_workbook* wb = m_impl->wb;
    m_impl->wb = nullptr;
    check(workbook_close(wb), "could not write the spreadsheet");
}

XlsxBook::Sheet::Sheet(XlsxBook& book, void* worksheet, std::vector<XlsxColumn> columns)
    : m_book(book), m_ws(worksheet), m_columns(std::move(columns)) {}

void XlsxBook::Sheet::finish() {
    auto* ws = static_cast<lxw_worksheet*>(m_ws);
    if (!m_columns.empty()) {
        worksheet_autofilter(ws, 1, 0, static_cast<lxw_row_t>(1 + m_rows), static_cast<lxw_col_t>(m_columns.size() - 1));
    }
}

void XlsxBook::Sheet::row() {
    if (m_rows + 2 >= k_max_rows) {
        throw Error({m_book.m_label}, tr("has more rows than a spreadsheet can hold (1,048,576)."),
                    tr("Write csv or json for this many results (--format csv,json)."));
    }
    ++m_rows;
    m_col = 0;
}

void XlsxBook::Sheet::text(const std::string& value) {
    auto* ws = static_cast<lxw_worksheet*>(m_ws);
    const auto row = static_cast<lxw_row_t>(m_rows + 1);
    const auto col = static_cast<lxw_col_t>(m_col++);
    if (value.empty()) return;
    m_book.check(worksheet_write_string(ws, row, col, cell_text(value).c_str(), m_book.m_impl->text), "could not write a cell");
}

void XlsxBook::Sheet::number(double value) {
    auto* ws = static_cast<lxw_worksheet*>(m_ws);
    const std::size_t c = m_col++;
    if (!std::isfinite(value)) return;
    const XlsxColumn& column = m_columns.at(c);
    const auto d = static_cast<std::size_t>(std::clamp(column.decimals, 0, 6));
    lxw_format* f = column.kind == XlsxColumn::Kind::percent ? m_book.m_impl->percent[d] : m_book.m_impl->number[d];
    m_book.check(worksheet_write_number(ws, static_cast<lxw_row_t>(m_rows + 1), static_cast<lxw_col_t>(c), value, f),
                 "could not write a cell");
}

void XlsxBook::Sheet::empty() { ++m_col; }

}  // namespace ecozone::report
