#include "core/suggest.hpp"

#include <algorithm>
#include <numeric>

#include "core/encoding.hpp"
#include "core/i18n.hpp"

namespace ecozone::text {

namespace {

// The characters of `s`; bytes that are not UTF-8 count one each.
std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        std::size_t n = decode_utf8(s, i, cp);
        if (n == 0) {
            n = 1;
            cp = static_cast<unsigned char>(s[i]) | 0x110000u;  // outside Unicode: never equal to a character
        }
        out.push_back(cp);
        i += n;
    }
    return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a_text, std::string_view b_text) {
    const std::u32string a = code_points(a_text), b = code_points(b_text);
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string did_you_mean(std::string_view given, const std::vector<std::string>& candidates) {
    // Two edits for names in Latin letters; for Chinese names (each character a word of its own) one
    // edit up to three characters, so 资阳 finds 资阳市 but 资阳 does not find 雁江.
    const std::size_t chars = code_points(given).size();
    const bool ascii = std::all_of(given.begin(), given.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    const std::size_t allowed = ascii || chars > 3 ? 2 : 1;
    const std::string* best = nullptr;
    std::size_t best_d = allowed + 1;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(given, c);
        if (d < best_d) {
            best_d = d;
            best = &c;
        }
    }
    return best ? tr(" Do you mean '{1}'?", *best) : std::string{};
}

}  // namespace ecozone::text
