#include <iostream>

#include "cli/cmd_cache.hpp"
#include "cli/cmd_layers.hpp"
#include "cli/cmd_map.hpp"
#include "cli/cmd_screen.hpp"
#include "cli/cmd_stats.hpp"
#include "cli/command.hpp"

namespace ecozone::cli {

std::vector<std::unique_ptr<Command>> all_commands() {
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<LayersCommand>());
    commands.push_back(std::make_unique<ScreenCommand>());
    commands.push_back(std::make_unique<StatsCommand>());
    commands.push_back(std::make_unique<MapCommand>());
    commands.push_back(std::make_unique<StyleCommand>());
    commands.push_back(std::make_unique<CacheCommand>());
    return commands;
}

void print_diagnostics(const std::string& command, const Diagnostics& diagnostics) {
    for (const auto& d : diagnostics.all()) {
        std::cerr << "ecozone " << command << ": " << (d.severity == Severity::warning ? "warning" : "note") << ": "
                  << d.text() << "\n";
        if (!d.hint.empty()) std::cerr << "  hint: " << d.hint << "\n";
    }
}

void print_error(const std::string& command, const std::string& message, const std::string& hint) {
    std::cerr << "ecozone" << (command.empty() ? "" : " " + command) << ": error: " << message << "\n";
    if (!hint.empty()) std::cerr << "  hint: " << hint << "\n";
}

}  // namespace ecozone::cli
