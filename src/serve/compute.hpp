#pragma once
// The threads that do a request's heavy work (reading an upload, screening, drawing a tile). Connections are
// served on many threads, most of them waiting on a socket; if each also screened, each would build its own
// GDAL, PROJ and GEOS state and scratch space, and a long-running server would grow by that much for every
// connection thread. Here the work goes to a few threads, one per core, in the order it came.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace ecozone::serve {

class ComputePool {
public:
    explicit ComputePool(std::size_t threads);
    ~ComputePool();
    ComputePool(const ComputePool&) = delete;
    ComputePool& operator=(const ComputePool&) = delete;

    std::size_t threads() const { return m_threads.size(); }

    // Runs `work` on one of the pool's threads and waits for it; its result or exception comes back here.
    template <class F>
    std::invoke_result_t<F&> run(F work) {
        // Shared with the thread that runs it, which may still be leaving it when the result is here.
        auto task = std::make_shared<std::packaged_task<std::invoke_result_t<F&>()>>(std::move(work));
        auto done = task->get_future();
        post([task] { (*task)(); });
        return done.get();
    }

private:
    void post(std::function<void()> job);
    void serve();

    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::function<void()>> m_queue;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace ecozone::serve
