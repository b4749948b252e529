#include "core/process_exit.hpp"

#include <atomic>
#include <mutex>
#include <vector>

namespace ecozone {

namespace {

std::atomic<bool> g_leave{false};
std::mutex g_mutex;
// Never freed, on purpose: the list and what it holds end with the process. A plain pointer, so that no static
// destructor walks it at exit either.
std::vector<std::shared_ptr<void>>* g_kept = nullptr;

}  // namespace

void leave_to_exit(bool on) { g_leave = on; }

bool leaving_to_exit() { return g_leave; }

namespace detail {

void keep_until_exit(std::shared_ptr<void> value) {
    std::lock_guard lock(g_mutex);
    if (!g_kept) g_kept = new std::vector<std::shared_ptr<void>>;
    g_kept->push_back(std::move(value));
}

}  // namespace detail

}  // namespace ecozone
