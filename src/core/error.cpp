#include "core/error.hpp"

#include "core/i18n.hpp"

namespace ecozone {

std::string Where::str() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) out += ":" + std::to_string(line);
        out += ": ";
    }
    if (!layer.empty()) out += tr("layer {1}: ", layer);
    if (!feature.empty()) out += feature + ": ";
    if (!field.empty()) out += tr("field '{1}': ", field);
    return out;
}

static std::string compose(const Where& where, const std::string& message) {
    return where.str() + message;
}

Error::Error(Where where, const std::string& message, std::string hint, ErrorKind kind)
    : std::runtime_error(compose(where, message)),
      m_where(std::move(where)),
      m_message(message),
      m_hint(std::move(hint)),
      m_kind(kind) {}

}  // namespace ecozone
