#include "serve/jobs.hpp"

#include <algorithm>
#include <random>

namespace ecozone::serve {

std::string_view job_status_name(JobStatus s) {
    switch (s) {
        case JobStatus::accepted: return "accepted";
        case JobStatus::running: return "running";
        case JobStatus::successful: return "successful";
        case JobStatus::failed: return "failed";
        case JobStatus::dismissed: return "dismissed";
    }
    return "failed";
}

void Job::stamp_started() {
    std::lock_guard lock(m_times_mutex);
    m_started = utc_timestamp();
}

void Job::stamp_finished() {
    std::lock_guard lock(m_times_mutex);
    if (m_finished.empty()) m_finished = utc_timestamp();
}

std::pair<std::string, std::string> Job::times() const {
    std::lock_guard lock(m_times_mutex);
    return {m_started, m_finished};
}

JobStore::~JobStore() {
    {
        std::lock_guard lock(m_mutex);
        for (auto& j : m_jobs) j->cancel = true;
    }
    for (auto& w : m_threads)
        if (w.thread.joinable()) w.thread.join();
}

std::shared_ptr<Job> JobStore::create(bool counts_as_running) {
    // Ids that cannot be guessed: a job's results are only for whoever started it (and has its link).
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    auto job = std::make_shared<Job>();
    char id[40];
    std::snprintf(id, sizeof id, "%08llx%016llx", static_cast<unsigned long long>(++m_counter),
                  static_cast<unsigned long long>(rng()));
    job->id = id;
    job->created = utc_timestamp();
    std::lock_guard lock(m_mutex);
    if (counts_as_running) {
        if (m_running >= m_max_running) return nullptr;
        ++m_running;
        job->counted = true;
    }
    m_jobs.push_back(job);
    evict_locked();
    return job;
}

void JobStore::evict_locked() {
    while (m_jobs.size() > m_max_kept) {
        auto it = std::find_if(m_jobs.begin(), m_jobs.end(), [](const std::shared_ptr<Job>& j) {
            const JobStatus s = j->status;
            return s == JobStatus::successful || s == JobStatus::failed || s == JobStatus::dismissed;
        });
        if (it == m_jobs.end()) return;
        m_jobs.erase(it);
    }
}

std::shared_ptr<Job> JobStore::find(const std::string& id) const {
    std::lock_guard lock(m_mutex);
    for (const auto& j : m_jobs)
        if (j->id == id) return j;
    return nullptr;
}

std::vector<std::shared_ptr<Job>> JobStore::list() const {
    std::lock_guard lock(m_mutex);
    return m_jobs;
}

bool JobStore::dismiss(const std::string& id) {
    std::lock_guard lock(m_mutex);
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        if ((*it)->id != id) continue;
        (*it)->cancel = true;
        const JobStatus s = (*it)->status;
        if (s == JobStatus::accepted || s == JobStatus::running) {
            (*it)->status = JobStatus::dismissed;  // the worker drops its result when it sees this
        } else {
            (*it)->status = JobStatus::dismissed;
            std::atomic_store(&(*it)->run, std::shared_ptr<Run>{});
        }
        m_jobs.erase(it);
        return true;
    }
    return false;
}

void JobStore::start(std::shared_ptr<Job> job, std::function<void(Job&)> work) {
    std::lock_guard lock(m_mutex);
    // Threads of finished jobs are joined here, so that they do not pile up.
    for (auto it = m_threads.begin(); it != m_threads.end();) {
        if (*it->done) {
            it->thread.join();
            it = m_threads.erase(it);
        } else {
            ++it;
        }
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    m_threads.push_back({std::thread([this, job, done, work = std::move(work)] {
                             work(*job);
                             finished(*job);
                             *done = true;
                         }),
                         done});
}

void JobStore::finished(Job& job) {
    std::lock_guard lock(m_mutex);
    if (job.counted && m_running > 0) --m_running;
    job.counted = false;
    job.stamp_finished();
    evict_locked();
}

}  // namespace ecozone::serve
