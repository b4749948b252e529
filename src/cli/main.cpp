// ecozone: ecological zoning analysis. This file only dispatches to the subcommands.

#include <algorithm>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/suggest.hpp"
#include "core/version.hpp"

namespace {

// The first argument that names no option of `sub` ("--catalg"), with the nearest option name; empty
// when all are known. A mistyped option is the cause to report, before what it makes missing.
std::pair<std::string, std::string> unknown_option(const CLI::App& sub, int argc, char** argv, int from) {
    std::vector<std::string> names = {"--help"};
    for (const CLI::Option* o : sub.get_options())
        for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    for (int i = from; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--") break;
        if (!a.starts_with("--")) continue;
        a = a.substr(0, a.find('='));
        if (std::find(names.begin(), names.end(), a) == names.end()) return {a, ecozone::text::did_you_mean(a, names)};
    }
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    using namespace ecozone;
    CLI::App app{"ecozone: screen project sites against ecological zoning layers, measure forest cover and "
                 "green space per county, and map the results.",
                 "ecozone"};
    app.set_version_flag("--version", std::string("ecozone ") + ecozone::version);
    app.require_subcommand(1, 1);
    app.fallthrough(false);

    auto commands = cli::all_commands();
    std::vector<CLI::App*> subs;
    for (auto& c : commands) {
        CLI::App* sub = app.add_subcommand(c->name(), c->summary());
        c->configure(*sub);
        subs.push_back(sub);
    }

    // A first argument that is no command: say which command was meant.
    if (argc >= 2 && argv[1][0] != '-') {
        const std::string given = argv[1];
        std::vector<std::string> names;
        for (auto& c : commands) names.push_back(c->name());
        if (std::find(names.begin(), names.end(), given) == names.end()) {
            cli::print_error("", "'" + given + "' is not an ecozone command." + text::did_you_mean(given, names),
                             "The commands are " + [&] {
                                 std::string list;
                                 for (std::size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
                                 return list;
                             }() + "; run  ecozone --help  for what each does.");
            return cli::exit_usage;
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::string command;
        const CLI::App* sub = nullptr;
        for (std::size_t i = 0; i < subs.size(); ++i) {
            if (subs[i]->parsed() || (argc >= 2 && commands[i]->name() == argv[1])) {
                command = commands[i]->name();
                sub = subs[i];
            }
        }
        const std::string help = "Run  ecozone " + (command.empty() ? "" : command + " ") + "--help  for the options.";
        if (sub) {
            const auto [option, suggestion] = unknown_option(*sub, argc, argv, 2);
            if (!option.empty()) {
                cli::print_error(command, "'" + option + "' is not an option of  ecozone " + command + "." + suggestion, help);
                return cli::exit_usage;
            }
        }
        cli::print_error(command, e.what(), help);
        return cli::exit_usage;
    }

    for (std::size_t i = 0; i < subs.size(); ++i) {
        if (!subs[i]->parsed()) continue;
        const std::string name = commands[i]->name();
        try {
            return commands[i]->run();
        } catch (const Error& e) {
            cli::print_error(name, e.what(), e.hint());
            return e.kind() == ErrorKind::usage ? cli::exit_usage : cli::exit_input;
        } catch (const std::bad_alloc&) {
            cli::print_error(name, "ran out of memory; nothing was written.",
                             "The data may be larger than this machine's memory: split it (fewer sites per run, smaller "
                             "zones), or run on a machine with more memory.");
            return cli::exit_input;
        } catch (const std::exception& e) {
            cli::print_error(name, std::string("internal error: ") + e.what(),
                             "This is a bug in ecozone. Please report it with the command you ran.");
            return cli::exit_input;
        }
    }
    return cli::exit_usage;
}
