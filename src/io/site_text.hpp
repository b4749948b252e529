#pragma once
// Parsers for the site files users hand us that GDAL does not read: coordinate CSVs with
// degrees-minutes-seconds, and the 勘测定界界址点坐标交换格式 TXT. Pure text in, plain data out;
// every error names the file and line.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecozone::io {

// "104.62", "104°37'12.5\"", "104°37′12.5″E", "104度37分12.5秒", "104 37 12.5", "N30°7'"
// -> decimal degrees. nullopt when the text is not an angle.
std::optional<double> parse_angle(std::string_view text);

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<int> row_lines;  // 1-based file line of each row
    bool was_gbk = false;
};

// RFC 4180 CSV (quotes, commas, CRLF), UTF-8 with or without BOM, or GBK. Throws ecozone::Error.
CsvTable parse_csv(std::string_view bytes, const std::string& file);

struct JzdRing {
    int ring_no = 1;
    std::vector<std::pair<double, double>> xy;  // (X = northing, Y = easting) as written
    int line = 0;
};

struct JzdParcel {
    int declared_points = 0;
    std::optional<double> stated_area_ha;
    std::string code;
    std::string name;
    std::string shape;  // 面 / 线 / 点
    std::string sheet;
    std::string use;
    std::string land_class;
    std::vector<JzdRing> rings;
    int line = 0;  // header line
};

struct JzdFile {
    std::map<std::string, std::string> attributes;  // [属性描述] key=value
    std::vector<JzdParcel> parcels;
    bool was_gbk = false;
};

// Parses a 界址点 coordinate TXT (GBK or UTF-8). Throws ecozone::Error naming file and line.
JzdFile parse_jzd(std::string_view bytes, const std::string& file);

}  // namespace ecozone::io
