// Replays every committed fuzz input (tests/fuzz/corpus/<target>/*) through its parser, in the ordinary
// suite: an input that once crashed a parser stays a test. Exits 1 on an unknown target folder; a
// crash or an unexpected exception ends the run with it.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

bool ecozone_fuzz_input(std::string_view target, const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    if (argc != 2) {
        std::cerr << "usage: fuzz_replay CORPUS_DIR\n";
        return 2;
    }
    std::size_t inputs = 0, targets = 0;
    for (const auto& dir : fs::directory_iterator(argv[1])) {
        if (!dir.is_directory()) continue;
        const std::string target = dir.path().filename().string();
        ++targets;
        for (const auto& file : fs::directory_iterator(dir.path())) {
            std::ifstream in(file.path(), std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (!ecozone_fuzz_input(target, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size())) {
                std::cerr << "fuzz_replay: " << dir.path() << " is not a fuzz target's corpus\n";
                return 1;
            }
            ++inputs;
        }
    }
    std::cout << "fuzz_replay: " << inputs << " inputs of " << targets << " targets parsed or refused cleanly\n";
    return inputs > 0 ? 0 : 1;
}
