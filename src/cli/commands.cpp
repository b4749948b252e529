#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>

#include "core/format.hpp"

#include "cli/cmd_cache.hpp"
#include "cli/cmd_change.hpp"
#include "cli/cmd_diff.hpp"
#include "cli/cmd_layers.hpp"
#include "cli/cmd_map.hpp"
#include "cli/cmd_screen.hpp"
#include "cli/cmd_serve.hpp"
#include "cli/cmd_stats.hpp"
#include "cli/cmd_style.hpp"
#include "cli/command.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

std::vector<std::unique_ptr<Command>> all_commands() {
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<LayersCommand>());
    commands.push_back(std::make_unique<ScreenCommand>());
    commands.push_back(std::make_unique<StatsCommand>());
    commands.push_back(std::make_unique<ChangeCommand>());
    commands.push_back(std::make_unique<DiffCommand>());
    commands.push_back(std::make_unique<MapCommand>());
    commands.push_back(std::make_unique<StyleCommand>());
    commands.push_back(std::make_unique<CacheCommand>());
    commands.push_back(std::make_unique<ServeCommand>());
    return commands;
}

void print_diagnostics(const std::string& command, const Diagnostics& diagnostics) {
    for (const auto& d : diagnostics.all()) {
        std::cerr << "ecozone " << command << ": " << (d.severity == Severity::warning ? tr("warning") : tr("note")) << ": "
                  << d.text() << "\n";
        if (!d.hint.empty()) std::cerr << "  " << tr("hint") << ": " << d.hint << "\n";
    }
}

void print_error(const std::string& command, const std::string& message, const std::string& hint) {
    std::cerr << "ecozone" << (command.empty() ? "" : " " + command) << ": " << tr("error") << ": " << message << "\n";
    if (!hint.empty()) std::cerr << "  " << tr("hint") << ": " << hint << "\n";
}

CLI::Validator finite_range(double min, double max, const std::string& unit) {
    auto show = [](double v) { return text::thousands(v, v == std::floor(v) ? 0 : 2); };
    const std::string range = unit.empty() ? tr("{1} to {2}",
                                                show(min), show(max)) : tr("{1} to {2} {3}", show(min), show(max), unit);
    return CLI::Validator(
        [=](std::string& value) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(value.c_str(), &end);
            if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(v)) {
                return tr("'{1}' is not a number; give one from {2}", value, range);
            }
            if (v < min || v > max) return tr("'{1}' is out of range; give a number from {2}", value, range);
            return {};
        },
        tr("NUMBER in [{1}]", range));
}

CLI::Validator whole_range(long long min, long long max) {
    const std::string range = tr("{1} to {2}", text::thousands(static_cast<double>(min), 0),
                                 text::thousands(static_cast<double>(max), 0));
    return CLI::Validator(
        [=](std::string& value) -> std::string {
            char* end = nullptr;
            errno = 0;
            const long long v = std::strtoll(value.c_str(), &end, 10);
            if (value.empty() || end != value.c_str() + value.size() || errno == ERANGE) {
                return tr("'{1}' is not a whole number; give one from {2}", value, range);
            }
            if (v < min || v > max) return tr("'{1}' is out of range; give a whole number from {2}", value, range);
            return {};
        },
        tr("WHOLE NUMBER in [{1}]", range));
}

}  // namespace ecozone::cli
