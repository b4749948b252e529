#pragma once
// Outputs are written under a temporary name beside the target and renamed into place, so a
// reader never sees a half-written file and a failed run leaves no partial output behind.

#include <filesystem>
#include <string>

namespace ecozone {

class AtomicFile {
public:
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::filesystem::path& temp_path() const { return m_temp; }
    const std::filesystem::path& target() const { return m_target; }

    // Moves the temporary file over the target. Throws ecozone::Error on failure.
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    bool m_committed = false;
};

// Writes `content` to `target` atomically.
void write_file_atomically(const std::filesystem::path& target, const std::string& content);

// Creates `dir` (and parents); throws ecozone::Error naming it when that fails.
void ensure_directory(const std::filesystem::path& dir);

}  // namespace ecozone

namespace ecozone {
// Reads a whole file the user named; a missing or unreadable one is an ecozone::Error saying `what` it
// should have been and `hint` (what to check).
std::string read_text_file(const std::filesystem::path& path, const std::string& what, const std::string& hint);
}  // namespace ecozone
