// libFuzzer harness for the parsers of files users hand us: 界址点 TXT, coordinate CSV and angles,
// catalogs, rule sets, styles and targets — and the layer cache's geometry reader, which must answer a
// damaged cache file with BadBytes. Every input must either parse or raise ecozone::Error (BadBytes) —
// never crash, hang or throw anything else.
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DECOZONE_FUZZ=ON && cmake --build build-fuzz -j2
//   build-fuzz/tests/fuzz_parsers -max_total_time=300 tests/fuzz/corpus
// (Debian: clang and libclang-rt-14-dev.) The first byte picks the parser.

#include <cstddef>
#include <cstdint>
#include <string>

#include "catalog/catalog.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"
#include "geom/binary.hpp"
#include "io/site_text.hpp"
#include "render/style.hpp"
#include "screen/rules.hpp"
#include "stats/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (data[0] % 8) {
            case 0: ecozone::io::parse_jzd(text, "fuzz.txt"); break;
            case 1: ecozone::io::parse_csv(text, "fuzz.csv"); break;
            case 2: ecozone::io::parse_angle(text); break;
            case 3: ecozone::catalog::parse_catalog(text, "/nonexistent/fuzz.toml"); break;
            case 4: ecozone::screen::parse_rules(text, "fuzz.toml"); break;
            case 5: ecozone::render::parse_style(text, "fuzz.toml"); break;
            case 6: ecozone::stats::parse_targets(text, "fuzz.toml"); break;
            default: {
                ecozone::ByteReader bytes(text.data(), text.size());
                ecozone::geom::read_binary(bytes);
            }
        }
    } catch (const ecozone::Error&) {
        // A clear error is the right answer to bad input.
    } catch (const ecozone::BadBytes&) {
        // A damaged cache entry is refused (and made again).
    }
    return 0;
}
