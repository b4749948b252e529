#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/tile.hpp"
#include "serve/api.hpp"

using namespace ecozone;
using namespace ecozone::serve;

namespace {

Request get(const std::string& path, std::multimap<std::string, std::string> query = {}) {
    Request r;
    r.method = "GET";
    r.path = path;
    r.query = std::move(query);
    r.headers["host"] = "test:1";
    return r;
}

}  // namespace

TEST_CASE("tokens compare in full, whatever differs first", "[serve]") {
    CHECK(same_token("abcdefghijklmnop", "abcdefghijklmnop"));
    CHECK_FALSE(same_token("abcdefghijklmnoq", "abcdefghijklmnop"));
    CHECK_FALSE(same_token("abcdefghijklmno", "abcdefghijklmnop"));
    CHECK_FALSE(same_token("abcdefghijklmnopq", "abcdefghijklmnop"));
    CHECK_FALSE(same_token("", ""));  // no token configured is never matched by an empty one
}

TEST_CASE("Web Mercator tiles: bounds and the grid", "[serve]") {
    const geom::Envelope world = render::tile_bounds(0, 0, 0);
    CHECK(world.min_x == Approx(-180));
    CHECK(world.max_x == Approx(180));
    CHECK(world.max_y == Approx(85.0511287798).epsilon(1e-9));
    // z 1: the north-west quarter.
    const geom::Envelope nw = render::tile_bounds(1, 0, 0);
    CHECK(nw.max_x == Approx(0).margin(1e-12));
    CHECK(nw.min_y == Approx(0).margin(1e-12));
    CHECK(render::valid_tile(3, 7, 7));
    CHECK_FALSE(render::valid_tile(3, 8, 0));
    CHECK_FALSE(render::valid_tile(-1, 0, 0));
    CHECK_FALSE(render::valid_tile(21, 0, 0));
}

TEST_CASE("the API answers from an edition, and every bad request is a 4xx problem", "[serve]") {
    EditionHolder editions(load_edition(ECOZONE_SOURCE_DIR "/layers/sample.toml", nullptr, 1));
    ApiConfig config;
    Api api(config, editions);

    Response r = api.handle(get("/conformance"));
    CHECK(r.status == 200);
    CHECK(r.body.find("ogcapi-features-1/1.0/conf/core") != std::string::npos);

    r = api.handle(get("/collections/redline/items", {{"limit", "5"}}));
    REQUIRE(r.status == 200);
    CHECK(r.content_type == "application/geo+json");
    const auto fc = nlohmann::json::parse(r.body);
    CHECK(fc["numberReturned"] == 5);
    CHECK(fc["numberMatched"] == editions.get()->layers.find("redline")->features.size());
    CHECK(fc["links"][1]["href"] == "http://test:1/collections/redline/items?limit=5&offset=5");

    for (const auto& [path, query, status] :
         std::vector<std::tuple<std::string, std::multimap<std::string, std::string>, int>>{
             {"/collections/none", {}, 404},
             {"/collections/redline/items", {{"limit", "-1"}}, 400},
             {"/collections/redline/items", {{"bbox", "1,2"}}, 400},
             {"/collections/redline/items", {{"crs", "EPSG:3857"}}, 400},
             {"/tiles/3/8/0.png", {}, 400},
             {"/jobs/x", {}, 404},
             {"/no/such/path", {}, 404}}) {
        const Response bad = api.handle(get(path, query));
        CHECK(bad.status == status);
        CHECK(bad.content_type == "application/problem+json");
        CHECK(nlohmann::json::parse(bad.body)["status"] == status);
    }

    Request post = get("/processes/screen/execution");
    post.method = "POST";
    post.headers["content-type"] = "application/json";
    post.body = R"({"inputs": {"sites": {"type": "Point", "coordinates": [104.62, 30.12]}, "buffer_m": 200, "category": "化工"}})";
    // No working folder is configured here: the server refuses rather than writes somewhere else.
    CHECK(api.handle(post).status == 503);
}

TEST_CASE("the compute pool runs work on its own threads and hands back results and errors", "[serve]") {
    ComputePool pool(2);
    CHECK(pool.threads() == 2);
    const auto caller = std::this_thread::get_id();
    CHECK(pool.run([] { return std::this_thread::get_id(); }) != caller);
    CHECK(pool.run([] { return std::string("done"); }) == "done");
    CHECK_THROWS_AS(pool.run([]() -> int { throw HttpError(422, "bad sites"); }), HttpError);
    // Many callers at once: each gets its own answer, and no more than two run at a time.
    std::atomic<int> running{0}, most{0};
    std::vector<std::thread> callers;
    std::vector<int> answers(16, -1);
    for (int i = 0; i < 16; ++i) {
        callers.emplace_back([&, i] {
            answers[static_cast<std::size_t>(i)] = pool.run([&, i] {
                const int now = ++running;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                --running;
                return i * i;
            });
        });
    }
    for (auto& c : callers) c.join();
    for (int i = 0; i < 16; ++i) CHECK(answers[static_cast<std::size_t>(i)] == i * i);
    CHECK(most <= 2);
}
