#pragma once
// Outputs are written under a temporary name beside the target and renamed into place, so a
// reader never sees a half-written file and a failed run leaves no partial output behind.
// No output is ever written over a file the run read (core/inputs.hpp).

#include <filesystem>
#include <functional>
#include <ostream>
#include <memory>
#include <string>
#include <vector>

namespace ecozone {

class AtomicFile {
public:
    // Throws ecozone::Error when `target` is one of this run's inputs.
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::filesystem::path& temp_path() const { return m_temp; }
    const std::filesystem::path& target() const { return m_target; }

    // Moves the temporary file over the target. Throws ecozone::Error naming the target on failure,
    // also when the temporary file is missing or empty (a writer that failed without saying so).
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    bool m_committed = false;
};

// A run's outputs as one unit: every file is written under its temporary name first, and only when all
// were written are they moved into place. When the batch is destroyed without commit (an error on the
// way), the temporary files are removed, and so is the output folder if the batch created it and it is
// still empty: the folder is left as it was.
class OutputBatch {
public:
    explicit OutputBatch(std::filesystem::path dir);
    ~OutputBatch();
    OutputBatch(const OutputBatch&) = delete;
    OutputBatch& operator=(const OutputBatch&) = delete;

    // Registers `name` inside the folder and returns the temporary path to write it to. All names should
    // be added before any is written, so that a refused one (an input) stops the run before any work.
    // `name` may have folders ("report_maps/0001-S01.png"): they are made, and removed again when the
    // batch is not committed and they are left empty.
    const std::filesystem::path& add(const std::string& name);
    // add() and write `content` there.
    void write(const std::string& name, const std::string& content);
    // Moves every file into place; returns their final paths in the order added.
    std::vector<std::filesystem::path> commit();

private:
    std::filesystem::path m_dir;
    bool m_created_dir = false;
    bool m_committed = false;
    std::vector<std::filesystem::path> m_created_subdirs;  // deepest last
    std::vector<std::unique_ptr<AtomicFile>> m_files;
};

// Writes `content` to `path` (any path, e.g. a temporary one), throwing ecozone::Error naming `label`.
void write_bytes(const std::filesystem::path& path, const std::string& content, const std::string& label);
// The same for content written a piece at a time by `fill`, never held whole.
void write_stream(const std::filesystem::path& path, const std::function<void(std::ostream&)>& fill, const std::string& label);

// Writes `content` to `target` atomically.
void write_file_atomically(const std::filesystem::path& target, const std::string& content);

// Creates `dir` (and parents); throws ecozone::Error naming it when that fails. True when it was created.
bool ensure_directory(const std::filesystem::path& dir);

}  // namespace ecozone

namespace ecozone {
// Reads a whole file the user named; a missing, unreadable or special one (folder, pipe) is an
// ecozone::Error saying `what` it should have been and `hint` (what to check). Files above `max_bytes`
// are refused as not being what they should be.
std::string read_text_file(const std::filesystem::path& path, const std::string& what, const std::string& hint,
                           std::uintmax_t max_bytes = 512ull << 20);
}  // namespace ecozone
