#pragma once
// Small text helpers: "Do you mean" suggestions, UTF-8 checks, display width of CJK text.

#include <string>
#include <string_view>
#include <vector>

namespace ecozone::text {

std::size_t edit_distance(std::string_view a, std::string_view b);

// " Do you mean 'x'?" when a candidate is within edit distance 2, else "".
std::string did_you_mean(std::string_view given, const std::vector<std::string>& candidates);

bool is_valid_utf8(std::string_view s);

// Terminal columns the text takes: CJK and full-width characters count 2.
std::size_t display_width(std::string_view s);

// Pads with spaces to `width` display columns.
std::string pad_right(std::string_view s, std::size_t width);
std::string pad_left(std::string_view s, std::size_t width);

// "a, b and c"
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

}  // namespace ecozone::text

namespace ecozone::text {
// 1234567.891 -> "1,234,567.89"
std::string thousands(double value, int decimals);
}  // namespace ecozone::text

namespace ecozone::text {
// Decodes GBK/CP936 bytes to UTF-8 (glibc iconv); throws std::runtime_error when they are not GBK.
std::string gbk_to_utf8(std::string_view bytes);
// UTF-8 stays as it is (BOM dropped); anything else is decoded as GBK. `was_gbk` tells which.
std::string to_utf8(std::string_view bytes, bool& was_gbk);
std::string trim(std::string_view s);
// Text that is not valid UTF-8 as a whole but has lines that are (with non-ASCII characters) mixes
// encodings (a UTF-8 row pasted into a GBK file): returns the 1-based line of a UTF-8 line and of one
// that is not, or {0, 0} when the text is in one encoding.
std::pair<int, int> mixed_encoding_lines(std::string_view bytes);
}  // namespace ecozone::text

namespace ecozone::text {
std::string base64(std::string_view bytes);
// Text for XML and HTML: & < > " as entities.
std::string xml_escape(std::string_view text);
}  // namespace ecozone::text
