#pragma once
// The files a run reads. Every path a user names is checked before anything opens it (a pipe or a
// device would hang a reader, a folder or a symbolic-link loop would surface as an internal error), and
// every file read is remembered, so that no output is ever written over an input.
// Thread-safe: layers are loaded in parallel.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ecozone {

enum class PathKind { file, file_or_folder };

// Throws ecozone::Error naming `path` when it does not exist, is a folder (for PathKind::file), a pipe,
// socket or device, a symbolic-link loop, or cannot be read. `what` names it in the message ("the
// catalog"), `hint` says what to check. Registers the path as an input of this run.
void check_input_path(const std::filesystem::path& path, std::string_view what, const std::string& hint,
                      PathKind kind = PathKind::file);

// Remembers `path` (a file or folder) as read by this run; does nothing for paths that do not exist
// (connection strings, /vsimem/ copies).
void register_input(const std::filesystem::path& path);

// Throws ecozone::Error naming both paths when `target` is, or is inside, a file or folder this run read
// (a folder input such as a FileGDB counts as a whole).
void check_not_an_input(const std::filesystem::path& target);

// The inputs registered so far (canonical paths), for tests.
std::vector<std::filesystem::path> registered_inputs();
void clear_registered_inputs();
// Forgets the inputs in `dir` (a server's upload folder, removed once its request is answered), so that a
// long-running process does not remember every file it ever read.
void forget_inputs_under(const std::filesystem::path& dir);

}  // namespace ecozone
