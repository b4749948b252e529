#pragma once
// The files ecozone ships (the default rule set, the default map style), found where the program is:
// an installed ecozone (<prefix>/bin/ecozone) reads <prefix>/share/ecozone/, wherever the prefix is
// (a .deb in /usr, a `cmake --install --prefix ~/opt`, a package unpacked into any folder); a program
// run from its build tree reads the source tree it was built from.

#include <filesystem>
#include <string_view>

namespace ecozone {

// The shipped file at `relative` (e.g. "layers/rules-default.toml"): the installed one when it exists,
// else the source tree's (returned even when missing, so that the error names a real path).
std::filesystem::path shipped_file(std::string_view relative);

// <prefix>/share/ecozone for the running program, "" when it cannot be told.
std::filesystem::path installed_data_dir();

}  // namespace ecozone
