#pragma once
// Shared test helpers: data paths, golden values, temporary folders.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace ecozone::test {

inline std::filesystem::path data_dir() { return ECOZONE_TEST_DATA_DIR; }
inline std::filesystem::path source_dir() { return ECOZONE_SOURCE_DIR; }
inline std::string data(const std::string& name) { return (data_dir() / name).string(); }

// Values computed by tests/data/make_test_data.py with pyproj, independently of ecozone.
inline const nlohmann::json& golden() {
    static const nlohmann::json g = [] {
        std::ifstream in(data_dir() / "golden.json");
        return nlohmann::json::parse(in);
    }();
    return g;
}

// A fresh temporary folder, removed at scope exit.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() / ("ecozone-test-" + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

inline void write_text(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

inline std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace ecozone::test
