#include "load/access_lists.hpp"

#include <algorithm>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "io/site_text.hpp"

namespace ecozone::load {

std::vector<AccessList> load_access_lists(const catalog::Catalog& catalog, Diagnostics& diagnostics) {
    std::vector<AccessList> out;
    for (const auto& spec : catalog.layers) {
        if (spec.access_list.empty()) continue;
        const io::CsvTable table =
            io::parse_csv(read_text_file(spec.access_list, tr("the access list"), tr("Check access_list in the catalog.")), spec.access_list);
        int code_col = 0;
        if (!spec.access_code_field.empty()) {
            auto it = std::find(table.header.begin(), table.header.end(), spec.access_code_field);
            if (it == table.header.end()) {
                Where w{catalog.path.string(), spec.line};
                w.layer = spec.label();
                throw Error(w, tr("the access list {1} has no column '{2}'.{3}",
                                  spec.access_list, spec.access_code_field, text::did_you_mean(spec.access_code_field, table.header)),
                            tr("Its columns are: {1}.", text::join(table.header)));
            }
            code_col = static_cast<int>(it - table.header.begin());
        }
        AccessList list;
        list.layer_id = spec.id;
        for (const auto& row : table.rows) {
            auto& reqs = list.by_code[row[static_cast<std::size_t>(code_col)]];
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (static_cast<int>(c) == code_col || row[c].empty()) continue;
                const std::string& h = table.header[c];
                if (h.find("名称") != std::string::npos) continue;
                reqs.emplace_back(h, row[c]);
            }
        }
        if (table.was_gbk) {
            diagnostics.note(Where{spec.access_list}, tr("the access list is GBK text; it was read as such."));
        }
        out.push_back(std::move(list));
    }
    return out;
}

}  // namespace ecozone::load
