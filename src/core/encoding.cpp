#include "core/encoding.hpp"

#include <iconv.h>

#include <stdexcept>

namespace ecozone::text {

std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    if ((b0 & 0xE0) == 0xC0) {
        n = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4;
        cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        const std::size_t n = decode_utf8(s, i, cp);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string gbk_to_utf8(std::string_view bytes) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("GBK decoding is not available");
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in_ptr = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    const std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1)) throw std::runtime_error("the text is neither UTF-8 nor GBK");
    out.resize(out.size() - out_left);
    return out;
}

std::string to_utf8(std::string_view bytes, bool& was_gbk) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    was_gbk = !is_valid_utf8(bytes);
    return was_gbk ? gbk_to_utf8(bytes) : std::string(bytes);
}

std::pair<int, int> mixed_encoding_lines(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    if (is_valid_utf8(bytes)) return {0, 0};
    int utf8_line = 0, other_line = 0, line = 0;
    for (std::size_t pos = 0; pos <= bytes.size(); ++line) {
        std::size_t nl = bytes.find('\n', pos);
        if (nl == std::string_view::npos) nl = bytes.size();
        const std::string_view l = bytes.substr(pos, nl - pos);
        pos = nl + 1;
        std::size_t multibyte = 0;
        for (char c : l) multibyte += (static_cast<unsigned char>(c) & 0xC0) == 0xC0;
        if (multibyte == 0) continue;
        if (!is_valid_utf8(l)) {
            if (!other_line) other_line = line + 1;
        } else if (multibyte >= 2 && !utf8_line) {
            utf8_line = line + 1;  // two characters or more: a GBK line is then almost never valid UTF-8 by chance
        }
        if (utf8_line && other_line) return {utf8_line, other_line};
    }
    return {0, 0};
}

}  // namespace ecozone::text
