#pragma once
// A subcommand: declares its options on a CLI11 sub-app and runs one library call plus one writer.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/diagnostics.hpp"

namespace ecozone::cli {

// Exit codes: 0 success, 1 bad input or data, 2 bad command line, 3 --fail-on matched.
inline constexpr int exit_ok = 0;
inline constexpr int exit_input = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_fail_on = 3;

class Command {
public:
    virtual ~Command() = default;
    virtual std::string name() const = 0;
    virtual std::string summary() const = 0;
    virtual void configure(CLI::App& app) = 0;
    virtual int run() = 0;
};

std::vector<std::unique_ptr<Command>> all_commands();

// Prints collected warnings and notes to stderr, prefixed "ecozone <command>: warning: ".
void print_diagnostics(const std::string& command, const Diagnostics& diagnostics);
void print_error(const std::string& command, const std::string& message, const std::string& hint);

// An option value that must be a finite number in [min, max] (CLI11's Range lets "nan" through).
CLI::Validator finite_range(double min, double max, const std::string& unit = {});
// A whole number in [min, max], said in the language of the messages.
CLI::Validator whole_range(long long min, long long max);

}  // namespace ecozone::cli
