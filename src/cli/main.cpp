// ecozone: ecological zoning analysis. This file only dispatches to the subcommands.

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <new>
#include <string>
#include <string_view>

#include <malloc.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/process_exit.hpp"
#include "core/suggest.hpp"
#include "core/version.hpp"

namespace {

// CLI11's help, with columns padded by display width: a Chinese word takes two columns but three bytes.
class HelpFormatter : public CLI::Formatter {
public:
    std::string make_option(const CLI::Option* opt, bool is_positional) const override {
        const std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
        const std::string desc = make_option_desc(opt);
        const std::size_t width = get_column_width();
        const std::size_t shown = ecozone::text::display_width(name);
        std::string out = name;
        if (!desc.empty()) out += shown >= width ? "\n" + std::string(width, ' ') : std::string(width - shown, ' ');
        for (const char c : desc) {
            out += c;
            if (c == '\n') out += std::string(width, ' ');
        }
        return out + "\n";
    }
};

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

// Whether the kernel gives transparent huge pages to memory that asks for them (its setting "madvise").
bool huge_pages_on_request() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string setting;
    std::getline(in, setting);
    return setting.find("[madvise]") != std::string::npos;
}

// A command builds and frees hundreds of MB of geometry in millions of small allocations, and on a virtual
// machine each first touch of a 4 KB page is a costly fault (a tenth of a screening run, and more of loading). glibc's malloc asks
// for 2 MB pages when GLIBC_TUNABLES says glibc.malloc.hugetlb=1, which it reads only as the program starts:
// where the kernel hands out huge pages on request and nothing has set that tunable, the program starts itself
// again, once, with it added. ECOZONE_HUGE_PAGES=0 turns this off. Sanitizer builds have their own malloc.
// Once means once: glibc erases the tunable for a program that runs with raised privileges (setuid, file
// capabilities), so the restarted program knows it was restarted from a mark of its own, not from the tunable.
void restart_with_huge_pages(char** argv) {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    constexpr const char* restarted = "ECOZONE_RESTARTED_FOR_HUGE_PAGES";
    if (std::getenv(restarted)) {
        unsetenv(restarted);
        return;
    }
    if (getauxval(AT_SECURE) != 0) return;
    if (const char* off = std::getenv("ECOZONE_HUGE_PAGES"); off && std::string_view(off) == "0") return;
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if (tunables && std::string_view(tunables).find("glibc.malloc.hugetlb") != std::string_view::npos) return;
    if (!huge_pages_on_request()) return;
    const std::string before = tunables ? tunables : "";
    const std::string with = (before.empty() ? "" : before + ":") + "glibc.malloc.hugetlb=1";
    if (setenv("GLIBC_TUNABLES", with.c_str(), 1) != 0 || setenv(restarted, "1", 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Not restarted (no /proc, say): carry on as started, with the environment as it was.
    unsetenv(restarted);
    if (tunables) {
        setenv("GLIBC_TUNABLES", before.c_str(), 1);
    } else {
        unsetenv("GLIBC_TUNABLES");
    }
#else
    (void)argv;
#endif
}

// The commands that load layers, sites or rasters: their memory is set up for a batch run (not the server's, which
// runs for days and should give back what a large request took; not --help's, which a restart would only slow).
bool batch_command(int argc, char** argv) {
    if (argc < 3) return false;
    const std::string_view command = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--help" || a == "-h") return false;
    }
    for (const char* c : {"screen", "stats", "layers", "change", "diff", "map"})
        if (command == c) return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace ecozone;
    if (batch_command(argc, argv)) {
        restart_with_huge_pages(argv);
        // glibc hands memory back to the system whenever 128 KB at the top of a heap are free, and a later
        // allocation takes it back a page at a time, a fault each: a command keeps what it has had.
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        mallopt(M_TOP_PAD, 64 << 20);
        // The program ends when the command does: what it has finished with is left to the operating system.
        leave_to_exit(true);
    }
    init_messages();
    CLI::App app{tr("ecozone: screen project sites against ecological zoning layers, measure forest cover and green "
                    "space per county, and map the results."),
                 "ecozone"};
    // CLI11's own words in the help, in the language of the messages.
    auto formatter = std::make_shared<HelpFormatter>();
    app.formatter(formatter);
    for (const char* label : {tr_noop("Usage"), tr_noop("OPTIONS"), tr_noop("SUBCOMMAND"), tr_noop("SUBCOMMANDS"),
                              tr_noop("REQUIRED"), tr_noop("Excludes"), tr_noop("Needs"), tr_noop("Positionals")})
        formatter->label(label, tr(label));
    app.option_defaults()->group(tr("Options"));
    app.set_help_flag("-h,--help", tr("Print this help message and exit"));
    app.set_version_flag("--version", std::string("ecozone ") + ecozone::version, tr("Show the version of ecozone and exit"));
    app.require_subcommand(1, 1);
    app.fallthrough(false);

    auto commands = cli::all_commands();
    std::vector<CLI::App*> subs;
    for (auto& c : commands) {
        CLI::App* sub = app.add_subcommand(c->name(), c->summary());
        sub->group(tr("Subcommands"));
        c->configure(*sub);
        if (CLI::Option* help = sub->get_help_ptr()) help->group(tr("Options"));
        subs.push_back(sub);
    }

    // A first argument that is no command: say which command was meant.
    if (argc >= 2 && argv[1][0] != '-') {
        const std::string given = argv[1];
        std::vector<std::string> names;
        for (auto& c : commands) names.push_back(c->name());
        if (std::find(names.begin(), names.end(), given) == names.end()) {
            cli::print_error("", tr("'{1}' is not an ecozone command.{2}", given, text::did_you_mean(given, names)),
                             tr("The commands are {1}; run  ecozone --help  for what each does.", text::join(names)));
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
        const std::string help = command.empty() ? tr("Run  ecozone --help  for the options.")
                                                 : tr("Run  ecozone {1} --help  for the options.", command);
        if (sub) {
            const auto [option, suggestion] = unknown_option(*sub, argc, argv, 2);
            if (!option.empty()) {
                cli::print_error(command, tr("'{1}' is not an option of  ecozone {2}.{3}",
                                             option, command, suggestion), help);
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
            cli::print_error(name, tr("ran out of memory; nothing was written."),
                             tr("The data may be larger than this machine's memory: split it (fewer sites per run, smaller "
                                "zones), or run on a machine with more memory."));
            return cli::exit_input;
        } catch (const std::exception& e) {
            cli::print_error(name, tr("internal error: {1}", std::string(e.what())),
                             tr("This is a bug in ecozone. Please report it with the command you ran."));
            return cli::exit_input;
        }
    }
    return cli::exit_usage;
}
