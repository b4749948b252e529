#include "io/spreadsheet.hpp"

#include <algorithm>
#include <memory>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/inputs.hpp"
#include "core/suggest.hpp"
#include "io/gdal_handles.hpp"

namespace ecozone::io {

namespace {

// Opening options for this thread only: every cell as text, and the first row as the header even
// when it looks like data.
class SpreadsheetOptions {
public:
    SpreadsheetOptions() {
        CPLSetThreadLocalConfigOption("OGR_XLSX_FIELD_TYPES", "STRING");
        CPLSetThreadLocalConfigOption("OGR_ODS_FIELD_TYPES", "STRING");
        CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "FORCE");
        CPLSetThreadLocalConfigOption("OGR_ODS_HEADERS", "FORCE");
    }
    ~SpreadsheetOptions() {
        for (const char* k : k_keys) CPLSetThreadLocalConfigOption(k, nullptr);
    }

private:
    static constexpr const char* k_keys[] = {"OGR_XLSX_FIELD_TYPES", "OGR_ODS_FIELD_TYPES", "OGR_XLSX_HEADERS",
                                             "OGR_ODS_HEADERS"};
};

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

// A number cell comes back as GDAL formats it ("51070300011.0000000000000000"); it is given as the
// spreadsheet shows it (51070300011), so that codes typed as numbers are the same text as in a CSV.
std::string shown(std::string v) {
    const auto dot = v.find('.');
    if (dot == std::string::npos || v.empty()) return v;
    const std::size_t digits_from = v[0] == '-' ? 1 : 0;
    if (dot == digits_from) return v;
    for (std::size_t i = digits_from; i < v.size(); ++i)
        if (i != dot && (v[i] < '0' || v[i] > '9')) return v;  // not a plain decimal number: text as it is
    std::size_t end = v.size();
    while (end > dot + 1 && v[end - 1] == '0') --end;
    if (end == dot + 1) end = dot;
    return v.substr(0, end);
}

CsvTable table_of(OGRLayer* layer) {
    CsvTable t;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) t.header.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    layer->ResetReading();
    int row = 1;
    for (std::unique_ptr<OGRFeature> f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        ++row;
        std::vector<std::string> cells;
        bool any = false;
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            std::string v = f->IsFieldSetAndNotNull(i) ? shown(text::trim(f->GetFieldAsString(i))) : std::string{};
            any = any || !v.empty();
            cells.push_back(std::move(v));
        }
        if (!any) continue;  // an empty row between blocks, as spreadsheets have
        t.rows.push_back(std::move(cells));
        t.row_lines.push_back(row);
    }
    // GDAL names the columns Field1, Field2 … when it took row 1 for data (it does for a sheet of one row,
    // whatever it is told): row 1 is the header all the same.
    bool generated = !t.header.empty();
    for (std::size_t i = 0; i < t.header.size(); ++i) generated = generated && t.header[i] == "Field" + std::to_string(i + 1);
    if (generated && !t.rows.empty() && t.row_lines.front() == 2) {
        t.header = std::move(t.rows.front());
        t.rows.erase(t.rows.begin());
        t.row_lines.erase(t.row_lines.begin());
        for (int& r : t.row_lines) --r;  // row 1 was counted as a data row
    }
    return t;
}

}  // namespace

SheetTable read_spreadsheet(const std::string& path, const std::string& sheet, const std::vector<std::string>& wanted) {
    // Checked and remembered like every input: never a pipe or folder, and no output may replace it.
    check_input_path(path, tr("the sites spreadsheet"), tr("Check the --sites path."));
    init_gdal();
    const SpreadsheetOptions options;
    CPLErrorReset();
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) {
        const std::string why = take_gdal_error();
        throw Error({path},
                    why.empty() ? tr("could not be read as a spreadsheet.") : tr("could not be read as a spreadsheet: {1}.", why),
                    tr("Save it again from Excel or LibreOffice as .xlsx or .ods (or export the sheet as CSV)."));
    }
    std::vector<std::string> names;
    for (int i = 0; i < ds->GetLayerCount(); ++i) names.emplace_back(ds->GetLayer(i)->GetName());
    OGRLayer* chosen = nullptr;
    if (!sheet.empty()) {
        chosen = ds->GetLayerByName(sheet.c_str());
        if (!chosen) {
            throw Error({path}, tr("has no sheet '{1}'.{2}", sheet, text::did_you_mean(sheet, names)),
                        tr("Its sheets are: {1}.", text::join(names)), ErrorKind::usage);
        }
    } else {
        std::vector<OGRLayer*> with_columns;
        for (int i = 0; i < ds->GetLayerCount(); ++i) {
            OGRFeatureDefn* defn = ds->GetLayer(i)->GetLayerDefn();
            for (int k = 0; k < defn->GetFieldCount(); ++k) {
                if (std::find(wanted.begin(), wanted.end(), defn->GetFieldDefn(k)->GetNameRef()) != wanted.end()) {
                    with_columns.push_back(ds->GetLayer(i));
                    break;
                }
            }
        }
        if (with_columns.size() == 1) chosen = with_columns[0];
        else if (with_columns.empty() && names.size() == 1) chosen = ds->GetLayer(0);
        else if (with_columns.empty()) {
            throw Error({path}, tr("has no sheet with coordinate columns (经度/纬度, lon/lat or X/Y) in its first row."),
                        tr("Its sheets are: {1}. Put the column names in row 1, or pass --sheet NAME.", text::join(names)));
        } else {
            std::vector<std::string> candidates;
            for (auto* l : with_columns) candidates.emplace_back(l->GetName());
            throw Error({path}, tr("has several sheets with coordinate columns: {1}.", text::join(candidates)),
                        tr("Choose one with --sheet NAME."), ErrorKind::usage);
        }
    }
    SheetTable out;
    out.sheet = chosen->GetName();
    out.table = table_of(chosen);
    if (out.table.header.empty()) {
        throw Error({path}, tr("sheet '{1}' is empty: it has no header row and no sites.", out.sheet),
                    tr("Put the column names (编号, 经度, 纬度 …) in row 1 and one site per row below, or choose "
                       "another sheet with --sheet NAME."));
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw Error({path}, tr("sheet '{1}' could not be read completely: {2}.", out.sheet, take_gdal_error()),
                    tr("Save the file again from Excel or LibreOffice."));
    }
    return out;
}

}  // namespace ecozone::io
