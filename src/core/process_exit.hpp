#pragma once
// What a command has finished with at its end, left for the operating system to take back when the process
// exits instead of being freed one allocation at a time: the layers, sites and results of a province-scale run are
// millions of small allocations, and freeing them takes a quarter of a second of a three-second run for nothing.
// Only the command-line program turns this on (`leave_to_exit(true)` in main, for the batch commands); elsewhere
// (tests, the server, any other caller of the library) a value given to `release_at_exit` is destroyed at once,
// as it would have been.
// What is left stays reachable from a global list, so leak checkers do not count it as lost.

#include <memory>
#include <utility>

namespace ecozone {

void leave_to_exit(bool on);
bool leaving_to_exit();

namespace detail {
void keep_until_exit(std::shared_ptr<void> value);
}

// Takes `value` (moved): destroyed now, or left until the process ends when main has asked for that.
template <class T>
void release_at_exit(T&& value) {
    using V = std::remove_cvref_t<T>;
    if (!leaving_to_exit()) {
        V gone(std::forward<T>(value));
        return;
    }
    detail::keep_until_exit(std::make_shared<V>(std::forward<T>(value)));
}

}  // namespace ecozone
