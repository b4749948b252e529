// release_at_exit: destroyed at once unless the program has asked to leave it to the process's end.

#include <catch2/catch.hpp>

#include <vector>

#include "core/process_exit.hpp"

using namespace ecozone;

namespace {

struct Counted {
    int* destroyed;
    explicit Counted(int* d) : destroyed(d) {}
    Counted(Counted&& o) noexcept : destroyed(o.destroyed) { o.destroyed = nullptr; }
    ~Counted() {
        if (destroyed) ++*destroyed;
    }
};

}  // namespace

TEST_CASE("release_at_exit destroys at once, or leaves to the process's end when main asked", "[core]") {
    int destroyed = 0;
    REQUIRE_FALSE(leaving_to_exit());  // the tests are not the command-line program
    release_at_exit(Counted(&destroyed));
    CHECK(destroyed == 1);

    leave_to_exit(true);
    std::vector<Counted> kept;
    kept.emplace_back(&destroyed);
    kept.emplace_back(&destroyed);
    release_at_exit(std::move(kept));
    leave_to_exit(false);
    CHECK(destroyed == 1);  // the two are kept until the test program ends, reachable (no leak reported)
}
