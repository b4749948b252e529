#pragma once
// Warnings and notes collected while computing; printed by the CLI and written into outputs.
// Library code never prints.

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace ecozone {

enum class Severity { note, warning };

struct Diagnostic {
    Severity severity = Severity::warning;
    Where where;
    std::string message;
    std::string hint;

    std::string text() const { return where.str() + message; }
};

// Thread-safe collector.
class Diagnostics {
public:
    void warn(Where where, std::string message, std::string hint = {});
    void note(Where where, std::string message, std::string hint = {});
    void add(Diagnostic d);
    // Changes every item in place (a server rewrites the paths of its private folder out of them).
    void edit(const std::function<void(Diagnostic&)>& change);

    std::vector<Diagnostic> all() const;
    std::size_t warning_count() const;

private:
    mutable std::mutex m_mutex;
    std::vector<Diagnostic> m_items;
};

}  // namespace ecozone
