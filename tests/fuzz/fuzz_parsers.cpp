// libFuzzer targets for the parsers of files users hand us: 界址点 TXT, coordinate CSV and angles,
// catalogs, rule sets, styles, targets and carbon tables — and the layer cache's geometry reader, which must answer a
// damaged cache file with BadBytes. Every input must either parse or raise ecozone::Error (BadBytes) —
// never crash, hang or throw anything else. The "request" target sends requests to the server's API
// (`ecozone serve` without its socket, on the sample layers): every one must get an answer, and every
// refusal a 4xx problem document.
//
// One libFuzzer executable per parser (fuzz_<target>, built with -DECOZONE_FUZZ=ON and clang), each with
// its corpus in tests/fuzz/corpus/<target>/; scripts/fuzz.sh builds and runs them all for a bounded time.
// The same inputs are replayed by the ordinary suite (fuzz_replay, in ctest): what fuzzing found once
// stays a regression test.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "core/bytes.hpp"
#include "core/error.hpp"
#include "geom/binary.hpp"
#include "io/site_text.hpp"
#include "render/style.hpp"
#include "screen/rules.hpp"
#include "serve/api.hpp"
#include "stats/carbon.hpp"
#include "stats/targets.hpp"

namespace {

// A request from fuzz input: the first line is "METHOD PATH[?QUERY]", the second the Content-Type, the
// rest the body.
ecozone::serve::Request request_from(const std::string& text) {
    ecozone::serve::Request r;
    const std::size_t a = text.find('\n');
    const std::string first = text.substr(0, a);
    const std::size_t b = a == std::string::npos ? std::string::npos : text.find('\n', a + 1);
    const std::string type = a == std::string::npos ? "" : text.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
    r.body = b == std::string::npos ? "" : text.substr(b + 1);
    const std::size_t sp = first.find(' ');
    r.method = first.substr(0, sp);
    std::string target = sp == std::string::npos ? "/" : first.substr(sp + 1);
    const std::size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) {
        std::string query = target.substr(q + 1);
        std::size_t at = 0;
        while (at <= query.size()) {
            const std::size_t amp = std::min(query.find('&', at), query.size());
            const std::string kv = query.substr(at, amp - at);
            const std::size_t eq = kv.find('=');
            r.query.emplace(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
            at = amp + 1;
        }
    }
    r.headers["content-type"] = type;
    r.headers["host"] = "fuzz";
    return r;
}

void fuzz_request(const std::string& text) {
    namespace fs = std::filesystem;
    static ecozone::serve::EditionHolder editions(
        ecozone::serve::load_edition(ECOZONE_SOURCE_DIR "/layers/sample.toml", nullptr, 1));
    static std::unique_ptr<ecozone::serve::Api> api = [] {
        std::string dir = (fs::temp_directory_path() / "ecozone-fuzz-XXXXXX").string();
        if (!mkdtemp(dir.data())) std::abort();
        ecozone::serve::ApiConfig config;
        config.work_dir = dir;
        config.max_upload_bytes = 1 << 20;
        config.sync_max_sites = 1'000'000;  // no jobs: every request is answered before the next comes
        return std::make_unique<ecozone::serve::Api>(config, editions);
    }();
    const ecozone::serve::Response res = api->handle(request_from(text));
    if (res.status < 200 || res.status >= 600 || res.status >= 500) std::abort();  // never a server failure
    if (res.status >= 400) {
        const auto j = nlohmann::json::parse(res.body, nullptr, false);
        if (j.is_discarded() || !j.contains("detail")) std::abort();
    }
}

}  // namespace

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
        else if (target == "carbon_toml") ecozone::stats::parse_carbon_toml(text, "fuzz.toml");
        else if (target == "carbon_csv") ecozone::stats::parse_carbon_csv(text, "fuzz.csv");
        else if (target == "cache_geometry") {
            ecozone::ByteReader bytes(text.data(), text.size());
            ecozone::geom::read_binary(bytes);
        } else if (target == "request") {
            fuzz_request(text);
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
