#include "core/diagnostics.hpp"

#include <algorithm>

namespace ecozone {

void Diagnostics::warn(Where where, std::string message, std::string hint) {
    add({Severity::warning, std::move(where), std::move(message), std::move(hint)});
}

void Diagnostics::note(Where where, std::string message, std::string hint) {
    add({Severity::note, std::move(where), std::move(message), std::move(hint)});
}

void Diagnostics::add(Diagnostic d) {
    std::lock_guard lock(m_mutex);
    m_items.push_back(std::move(d));
}

std::vector<Diagnostic> Diagnostics::all() const {
    std::lock_guard lock(m_mutex);
    return m_items;
}

std::size_t Diagnostics::warning_count() const {
    std::lock_guard lock(m_mutex);
    return static_cast<std::size_t>(std::count_if(m_items.begin(), m_items.end(), [](const auto& d) {
        return d.severity == Severity::warning;
    }));
}

void Diagnostics::edit(const std::function<void(Diagnostic&)>& change) {
    std::lock_guard lock(m_mutex);
    for (auto& d : m_items) change(d);
}

}  // namespace ecozone
