#pragma once
// One CSV cell as spreadsheets read it (RFC 4180 quoting). Text that Excel or WPS would take as a
// formula — a cell starting with = + - @, a tab or a carriage return — is neutralised with a leading
// apostrophe, as OWASP's CSV-injection guidance says; plain numbers such as -3.5 are left as numbers.

#include <string>
#include <string_view>

namespace ecozone::report {

std::string csv_cell(std::string_view value);

}  // namespace ecozone::report
