#include "report/json_text.hpp"

#include <array>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/encoding.hpp"

namespace ecozone::report {

namespace {

// Valid UTF-8 with nothing JSON must escape: such a string is written as it is.
bool plain(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        const std::size_t n = text::decode_utf8(s, i, cp);
        if (n == 0 || cp < 0x20 || cp == '"' || cp == '\\') return false;
        i += n;
    }
    return true;
}

}  // namespace

void JsonText::indent(std::size_t depth) {
    out_.append(static_cast<std::size_t>(base_) + 2 * depth, ' ');
}

void JsonText::element() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (counts_.empty()) return;
    if (counts_.back()++ > 0) out_ += ',';
    out_ += '\n';
    indent(counts_.size());
}

void JsonText::open(char bracket) {
    element();
    out_ += bracket;
    counts_.push_back(0);
}

void JsonText::close(char bracket) {
    const std::size_t n = counts_.back();
    counts_.pop_back();
    if (n > 0) {
        out_ += '\n';
        indent(counts_.size());
    }
    out_ += bracket;
}

void JsonText::key(std::string_view k) {
    element();
    quoted(k);
    out_ += ": ";
    after_key_ = true;
}

void JsonText::string(std::string_view s) {
    element();
    quoted(s);
}

void JsonText::quoted(std::string_view s) {
    if (plain(s)) {
        out_ += '"';
        out_ += s;
        out_ += '"';
    } else {
        // Escapes, and invalid UTF-8 (which nlohmann refuses with its own error), as nlohmann does them.
        out_ += nlohmann::ordered_json(std::string(s)).dump();
    }
}

void JsonText::number(double v) {
    element();
    if (!std::isfinite(v)) {
        out_ += "null";
        return;
    }
    std::array<char, 64> buf{};
    const char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), v);
    out_.append(buf.data(), static_cast<std::size_t>(end - buf.data()));
}

void JsonText::integer(std::uint64_t v) {
    element();
    out_ += std::to_string(v);
}

void JsonText::boolean(bool b) {
    element();
    out_ += b ? "true" : "false";
}

void JsonText::null() {
    element();
    out_ += "null";
}

void JsonText::string_object(const std::vector<std::pair<std::string, std::string>>& pairs) {
    begin_object();
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        bool seen = false;
        for (std::size_t j = 0; j < i && !seen; ++j) seen = pairs[j].first == pairs[i].first;
        if (seen) continue;
        const std::string* value = &pairs[i].second;
        for (std::size_t j = i + 1; j < pairs.size(); ++j)
            if (pairs[j].first == pairs[i].first) value = &pairs[j].second;
        key(pairs[i].first);
        string(*value);
    }
    end_object();
}

}  // namespace ecozone::report
