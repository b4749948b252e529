#include "io/site_text.hpp"

#include <cmath>
#include <cstdlib>

#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"

namespace ecozone::io {

namespace {

bool replace_all(std::string& s, std::string_view from, std::string_view to) {
    bool any = false;
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
        s.replace(pos, from.size(), to);
        any = true;
    }
    return any;
}

std::optional<double> parse_number(std::string_view s) {
    const std::string t = text::trim(s);
    if (t.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

[[noreturn]] void error(const std::string& file, int line, const std::string& message, const std::string& hint = {}) {
    Where w;
    w.file = file;
    w.line = line;
    throw Error(w, message, hint);
}

}  // namespace

std::optional<double> parse_angle(std::string_view input) {
    std::string s = text::trim(input);
    if (s.empty()) return std::nullopt;
    double sign = 1;
    for (std::string_view neg : {"S", "W", "s", "w", "南纬", "西经"}) {
        if (replace_all(s, neg, " ")) sign = -1;
    }
    for (std::string_view pos : {"N", "E", "n", "e", "北纬", "东经"}) replace_all(s, pos, " ");
    bool has_symbols = false;
    for (std::string_view sym : {"°", "º", "度", "′", "’", "'", "分", "″", "”", "\"", "秒", "''"}) {
        has_symbols = replace_all(s, sym, " ") || has_symbols;
    }
    replace_all(s, ",", " ");
    s = text::trim(s);
    if (s.starts_with("-")) {
        sign = -sign;
        s = text::trim(s.substr(1));
    }
    std::vector<double> parts;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        if (i >= s.size()) break;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        auto v = parse_number(std::string_view(s).substr(i, j - i));
        if (!v || *v < 0) return std::nullopt;
        parts.push_back(*v);
        i = j;
    }
    if (parts.empty() || parts.size() > 3) return std::nullopt;
    if (parts.size() == 1 && !has_symbols) return sign * parts[0];
    double deg = parts[0];
    if (parts.size() >= 2) {
        if (parts[1] >= 60 || std::floor(deg) != deg) return std::nullopt;
        deg += parts[1] / 60.0;
    }
    if (parts.size() == 3) {
        if (parts[2] >= 60 || std::floor(parts[1]) != parts[1]) return std::nullopt;
        deg += parts[2] / 3600.0;
    }
    return sign * deg;
}

namespace {

[[noreturn]] void mixed_encodings(const std::string& file, std::pair<int, int> lines) {
    error(file, lines.second,
          tr("this file mixes text encodings: line {1} is UTF-8, line {2} is not (GBK?); read either "
             "way some names would be garbled.", std::to_string(lines.first), std::to_string(lines.second)),
          tr("Save the whole file once in one encoding (CSV UTF-8 in Excel or WPS) and run again."));
}

void require_one_encoding(std::string_view bytes, const std::string& file) {
    const auto lines = text::mixed_encoding_lines(bytes);
    if (lines.first) mixed_encodings(file, lines);
}

}  // namespace

CsvTable parse_csv(std::string_view bytes, const std::string& file) {
    CsvTable table;
    require_one_encoding(bytes, file);
    std::string text_utf8;
    try {
        text_utf8 = text::to_utf8(bytes, table.was_gbk);
    } catch (const std::exception&) {
        error(file, 0, tr("this file's text is neither UTF-8 nor GBK."), tr("Save it as UTF-8 CSV from Excel or WPS."));
    }
    std::vector<std::string> row;
    std::string cell;
    bool in_quotes = false, cell_started = false;
    int line = 1, row_line = 1;
    auto end_row = [&] {
        row.push_back(text::trim(cell));
        cell.clear();
        cell_started = false;
        bool blank = true;
        for (const auto& c : row) blank = blank && c.empty();
        if (!blank) {
            if (table.header.empty()) {
                table.header = row;
            } else {
                table.rows.push_back(row);
                table.row_lines.push_back(row_line);
            }
        }
        row.clear();
    };
    const std::string& t = text_utf8;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < t.size() && t[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else {
                    in_quotes = false;
                }
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
            continue;
        }
        if (c == '"' && !cell_started) {
            in_quotes = true;
            cell_started = true;
        } else if (c == ',') {
            row.push_back(text::trim(cell));
            cell.clear();
            cell_started = false;
        } else if (c == '\n') {
            end_row();
            ++line;
            row_line = line;
        } else if (c != '\r') {
            cell += c;
            if (c != ' ' && c != '\t') cell_started = true;
        }
    }
    if (in_quotes) error(file, row_line, tr("a quoted value is never closed."), tr("Check the quotes on this line."));
    if (!cell.empty() || !row.empty()) end_row();
    if (table.header.empty()) error(file, 1, tr("the file is empty."), tr("The first line must name the columns."));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        if (table.rows[r].size() > table.header.size()) {
            error(file, table.row_lines[r],
                  tr("this row has {1} values but the header names {2} columns.",
                     std::to_string(table.rows[r].size()), std::to_string(table.header.size())),
                  tr("Quote values that contain commas."));
        }
        table.rows[r].resize(table.header.size());
    }
    return table;
}

JzdFile parse_jzd(std::string_view bytes, const std::string& file) {
    JzdFile out;
    require_one_encoding(bytes, file);
    std::string t;
    try {
        t = text::to_utf8(bytes, out.was_gbk);
    } catch (const std::exception&) {
        error(file, 0, tr("this file's text is neither UTF-8 nor GBK."), tr("Save it as GBK or UTF-8 text."));
    }
    enum class Section { none, attributes, coordinates, other } section = Section::none;
    bool saw_coordinates = false;
    JzdParcel* parcel = nullptr;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= t.size()) {
        std::size_t nl = t.find('\n', pos);
        if (nl == std::string::npos) nl = t.size();
        const std::string line = text::trim(std::string_view(t).substr(pos, nl - pos));
        pos = nl + 1;
        ++line_no;
        if (line.empty()) continue;
        if (line.front() == '[' && line.back() == ']') {
            const std::string name = line.substr(1, line.size() - 2);
            section = name == "属性描述" ? Section::attributes
                      : name == "地块坐标" ? Section::coordinates
                                           : Section::other;
            saw_coordinates = saw_coordinates || section == Section::coordinates;
            continue;
        }
        if (section == Section::attributes) {
            const auto eq = line.find('=');
            if (eq == std::string::npos) {
                error(file, line_no, tr("expected 'key=value' in [属性描述], found '{1}'.", line));
            }
            out.attributes[text::trim(line.substr(0, eq))] = text::trim(line.substr(eq + 1));
            continue;
        }
        if (section != Section::coordinates) {
            if (section == Section::none) {
                error(file, line_no, tr("this is not a 界址点 coordinate file: it should start with [属性描述]."),
                      tr("Use a 勘测定界界址点坐标交换格式 TXT, or export the parcels as Shapefile or GeoJSON."));
            }
            continue;
        }
        std::vector<std::string> fields;
        std::size_t start = 0;
        std::string body = line;
        const bool header = body.back() == '@';
        if (header) body.pop_back();
        while (true) {
            const std::size_t comma = body.find(',', start);
            fields.push_back(text::trim(body.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        if (header) {
            if (fields.size() < 3) {
                error(file, line_no, tr("a parcel header needs at least 界址点数, 地块面积 and 地块编号 before '@'."));
            }
            JzdParcel p;
            p.line = line_no;
            const auto n = parse_number(fields[0]);
            if (!n || *n < 3 || *n > 10'000'000 || std::floor(*n) != *n) {
                error(file, line_no, tr("the parcel header starts with '{1}', not a point count.", fields[0]),
                      tr("A header reads  界址点数,地块面积(公顷),地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@"));
            }
            p.declared_points = static_cast<int>(*n);
            if (!fields[1].empty()) {
                p.stated_area_ha = parse_number(fields[1]);
                if (!p.stated_area_ha) error(file, line_no, tr("地块面积 '{1}' is not a number (hectares).", fields[1]));
            }
            p.code = fields[2];
            if (fields.size() > 3) p.name = fields[3];
            if (fields.size() > 4) p.shape = fields[4];
            if (fields.size() > 5) p.sheet = fields[5];
            if (fields.size() > 6) p.use = fields[6];
            if (fields.size() > 7) p.land_class = fields[7];
            out.parcels.push_back(std::move(p));
            parcel = &out.parcels.back();
            continue;
        }
        if (!parcel) {
            error(file, line_no, tr("coordinates appear before any parcel header (a line ending with '@')."));
        }
        if (fields.size() < 4) {
            error(file, line_no, tr("a point line needs 点号,圈号,X,Y; found '{1}'.", line));
        }
        const auto ring_no = parse_number(fields[1]);
        const auto x = parse_number(fields[2]);
        const auto y = parse_number(fields[3]);
        if (!ring_no || *ring_no < 1 || *ring_no > 100'000 || std::floor(*ring_no) != *ring_no) {
            error(file, line_no, tr("圈号 '{1}' is not a ring number (1 = outer ring).", fields[1]));
        }
        if (!x || !y) error(file, line_no, tr("X or Y is not a number in '{1}'.", line));
        // Gauss-Kruger metres: northings up to 10,000 km, eastings up to 1,000 km (plus a zone prefix of at most 45).
        if (*x < 0 || *x > 1e8 || *y < 0 || *y > 1e8) {
            error(file, line_no, tr("X {1} / Y {2} are not Gauss-Kruger coordinates in metres.", fields[2], fields[3]),
                  tr("X is the northing (e.g. 3 340 000), Y the easting (e.g. 35 520 000 with the zone prefix); "
                     "check for a typing mistake."));
        }
        const int rn = static_cast<int>(*ring_no);
        if (parcel->rings.empty() || parcel->rings.back().ring_no != rn) {
            parcel->rings.push_back({rn, {}, line_no});
        }
        parcel->rings.back().xy.emplace_back(*x, *y);
    }
    if (!saw_coordinates) {
        error(file, line_no, tr("the file has no [地块坐标] section."), tr("Check that this is a 界址点 coordinate file."));
    }
    if (out.parcels.empty()) error(file, line_no, tr("the [地块坐标] section holds no parcels."));
    for (const auto& p : out.parcels) {
        if (p.rings.empty()) error(file, p.line, tr("parcel '{1}' has no coordinates.", p.code));
        std::size_t points = 0;
        for (const auto& r : p.rings) points += r.xy.size();
        if (static_cast<int>(points) != p.declared_points) {
            error(file, p.line,
                  tr("parcel '{1}' declares {2} points but lists {3}.",
                     p.code, std::to_string(p.declared_points), std::to_string(points)),
                  tr("Check for missing or extra point lines under this header."));
        }
        for (const auto& r : p.rings) {
            if (r.xy.size() < 4 || r.xy.front() != r.xy.back()) {
                error(file, r.line,
                      tr("ring {1} of parcel '{2}' is not closed: it must repeat its first point at the end and "
                         "have at least 3 corners.", std::to_string(r.ring_no), p.code));
            }
        }
    }
    return out;
}

}  // namespace ecozone::io
