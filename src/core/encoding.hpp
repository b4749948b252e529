#pragma once
// Character encodings of text read from users' files: UTF-8 checks and GBK decoding.

#include <string>
#include <string_view>
#include <utility>

namespace ecozone::text {

// Decodes the code point at s[i] into `cp`; returns the bytes it takes, 0 when they are not UTF-8.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

bool is_valid_utf8(std::string_view s);

// Decodes GBK/CP936 bytes to UTF-8 (glibc iconv); throws std::runtime_error when they are not GBK.
std::string gbk_to_utf8(std::string_view bytes);

// UTF-8 stays as it is (BOM dropped); anything else is decoded as GBK. `was_gbk` tells which.
std::string to_utf8(std::string_view bytes, bool& was_gbk);

// Text that is not valid UTF-8 as a whole but has lines that are (with non-ASCII characters) mixes
// encodings (a UTF-8 row pasted into a GBK file): returns the 1-based line of a UTF-8 line and of one
// that is not, or {0, 0} when the text is in one encoding.
std::pair<int, int> mixed_encoding_lines(std::string_view bytes);

}  // namespace ecozone::text
