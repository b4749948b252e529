#pragma once
// Text laid out for people: numbers with thousands separators, lists, and columns on a terminal
// (where CJK characters take two columns).

#include <string>
#include <string_view>
#include <vector>

namespace ecozone::text {

// 1234567.891 -> "1,234,567.89"
std::string thousands(double value, int decimals);

// 1234567.891 -> "1234567.89": for data files (CSV cells, sort keys), no separators.
std::string fixed(double value, int decimals);

// "a, b, c" (items joined by `sep`)
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

// Without leading and trailing white space.
std::string trim(std::string_view s);

// Terminal columns the text takes: CJK and full-width characters count 2.
std::size_t display_width(std::string_view s);

// Pads with spaces to `width` display columns.
std::string pad_right(std::string_view s, std::size_t width);
std::string pad_left(std::string_view s, std::size_t width);

}  // namespace ecozone::text
