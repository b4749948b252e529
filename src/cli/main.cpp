// ecozone: ecological zoning analysis. This file only dispatches to the subcommands.

#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/version.hpp"

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
        for (std::size_t i = 0; i < subs.size(); ++i)
            if (subs[i]->parsed()) command = commands[i]->name();
        cli::print_error(command, e.what(), "Run  ecozone " + (command.empty() ? "" : command + " ") + "--help  for the options.");
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
