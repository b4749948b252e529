#pragma once
// Spreadsheets of results (.xlsx through Debian's libxlsxwriter): sheets whose header is two rows, the
// Chinese name above the English key, frozen, with filters and column widths. Text is always written
// as text (a code such as 51070300011 never becomes a number, and text starting with = is never a
// formula); numbers are numbers with their decimals as the number format.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace ecozone::report {

struct XlsxColumn {
    enum class Kind { text, number, integer, percent };  // percent: a fraction 0–1 shown as 45.00 %
    std::string zh, en;
    Kind kind = Kind::text;
    int decimals = 2;
    double width = 12;  // characters
};

class XlsxBook {
public:
    // Writes to `path` (a temporary name); messages name `label`. `date` (YYYY-MM-DD) is the
    // workbook's creation date, so that the same run on the same day makes the same file.
    XlsxBook(const std::filesystem::path& path, std::string label, const std::string& date, const std::string& title);
    ~XlsxBook();
    XlsxBook(const XlsxBook&) = delete;
    XlsxBook& operator=(const XlsxBook&) = delete;

    class Sheet;
    // A sheet named `name` (at most 31 characters) with the two header rows written.
    Sheet& add_sheet(const std::string& name, std::vector<XlsxColumn> columns);
    // A sheet of label/value pairs (what the workbook holds and how it was made).
    void add_notes(const std::string& name, const std::vector<std::pair<std::string, std::string>>& rows);
    // Finishes the file; throws ecozone::Error naming the label when it could not be written.
    void close();

    class Sheet {
    public:
        // Starts a new data row; cells are then added left to right.
        void row();
        void text(const std::string& value);
        void number(double value);  // NaN or infinite: an empty cell
        void empty();
        std::size_t rows() const { return m_rows; }

    private:
        friend class XlsxBook;
        struct Impl;
        Sheet(XlsxBook& book, void* worksheet, std::vector<XlsxColumn> columns);
        void finish();
        XlsxBook& m_book;
        void* m_ws;
        std::vector<XlsxColumn> m_columns;
        std::size_t m_rows = 0;
        std::size_t m_col = 0;
    };

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::vector<std::unique_ptr<Sheet>> m_sheets;
    std::string m_label;
    void check(int error, const std::string& what) const;
};

}  // namespace ecozone::report
