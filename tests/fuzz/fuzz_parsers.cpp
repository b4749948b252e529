// libFuzzer targets for the parsers of files users hand us: 界址点 TXT, coordinate CSV and angles,
// catalogs, rule sets, styles and targets — and the layer cache's geometry reader, which must answer a
// damaged cache file with BadBytes. Every input must either parse or raise ecozone::Error (BadBytes) —
// never crash, hang or throw anything else.
//
// One libFuzzer executable per parser (fuzz_<target>, built with -DECOZONE_FUZZ=ON and clang), each with
// its corpus in tests/fuzz/corpus/<target>/; scripts/fuzz.sh builds and runs them all for a bounded time.
// The same inputs are replayed by the ordinary suite (fuzz_replay, in ctest): what fuzzing found once
// stays a regression test.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/catalog.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"
#include "geom/binary.hpp"
#include "io/site_text.hpp"
#include "render/style.hpp"
#include "screen/rules.hpp"
#include "stats/targets.hpp"

// Feeds one input to the parser `target` names; false for an unknown target.
bool ecozone_fuzz_input(std::string_view target, const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        if (target == "jzd") ecozone::io::parse_jzd(text, "fuzz.txt");
        else if (target == "csv") ecozone::io::parse_csv(text, "fuzz.csv");
        else if (target == "angle") ecozone::io::parse_angle(text);
        else if (target == "catalog") ecozone::catalog::parse_catalog(text, "/nonexistent/fuzz.toml");
        else if (target == "rules") ecozone::screen::parse_rules(text, "fuzz.toml");
        else if (target == "style") ecozone::render::parse_style(text, "fuzz.toml");
        else if (target == "targets") ecozone::stats::parse_targets(text, "fuzz.toml");
        else if (target == "cache_geometry") {
            ecozone::ByteReader bytes(text.data(), text.size());
            ecozone::geom::read_binary(bytes);
        } else {
            return false;
        }
    } catch (const ecozone::Error&) {
        // A clear error is the right answer to bad input.
    } catch (const ecozone::BadBytes&) {
        // A damaged cache entry is refused (and made again).
    }
    return true;
}

#ifdef ECOZONE_FUZZ_TARGET
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ecozone_fuzz_input(ECOZONE_FUZZ_TARGET, data, size);
    return 0;
}
#endif
