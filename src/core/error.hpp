#pragma once
// The one exception type users see: where it happened, what is wrong, what to do.

#include <stdexcept>
#include <string>

namespace ecozone {

// Where a problem was found. Every field is optional; `str()` joins the known ones.
struct Where {
    std::string file;     // file the user handed us (catalog, data source, sites file)
    int line = 0;         // 1-based line in `file`, 0 when unknown
    std::string layer;    // layer label as the catalog names it, e.g. "'redline' (生态保护红线)"
    std::string feature;  // feature label, e.g. "feature 17 (code S-017)"
    std::string field;    // attribute or key name

    std::string str() const;
    bool empty() const { return file.empty() && layer.empty() && feature.empty() && field.empty(); }
};

// Bad input is exit code 1, a bad command line exit code 2.
enum class ErrorKind { input, usage };

class Error : public std::runtime_error {
public:
    Error(Where where, const std::string& message, std::string hint = {},
          ErrorKind kind = ErrorKind::input);

    const Where& where() const { return m_where; }
    const std::string& message() const { return m_message; }
    const std::string& hint() const { return m_hint; }
    ErrorKind kind() const { return m_kind; }

private:
    Where m_where;
    std::string m_message;
    std::string m_hint;
    ErrorKind m_kind;
};

}  // namespace ecozone
