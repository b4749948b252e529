#pragma once
// Site lists from spreadsheets (Excel .xlsx, LibreOffice .ods), read as tables of text exactly like a
// CSV file: the first row is the header, every cell is kept as the text it shows (a code such as
// 51070300011 stays text, never a number), and one sheet is chosen by name.

#include <string>
#include <vector>

#include "io/site_text.hpp"

namespace ecozone::io {

struct SheetTable {
    std::string sheet;    // the sheet read
    CsvTable table;       // row_lines are spreadsheet row numbers (the header is row 1)
};

// Reads sheet `sheet` of `path`; with no sheet named, the only sheet whose header has one of
// `wanted_columns` (e.g. 经度). Throws ecozone::Error naming the file and the sheets it has when the
// sheet is missing or the choice is ambiguous, and for unreadable files.
SheetTable read_spreadsheet(const std::string& path, const std::string& sheet,
                            const std::vector<std::string>& wanted_columns);

}  // namespace ecozone::io
