#include "serve/compute.hpp"

#include <algorithm>

namespace ecozone::serve {

ComputePool::ComputePool(std::size_t threads) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i) m_threads.emplace_back([this] { serve(); });
}

ComputePool::~ComputePool() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_ready.notify_all();
    for (auto& t : m_threads) t.join();
}

void ComputePool::post(std::function<void()> job) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(job));
    }
    m_ready.notify_one();
}

void ComputePool::serve() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) return;  // stopping, and nothing is left to do
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        job();  // a packaged task: what it throws goes to its future
    }
}

}  // namespace ecozone::serve
