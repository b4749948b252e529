#pragma once
// Screening runs kept for their results: every execution (synchronous or a job) is kept, so that its
// results can be fetched again in any output format (JSON, CSV, GPKG, report.html …, written on demand
// by the same writers the command line uses). Kept runs are bounded: the oldest finished ones go first.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "load/sites.hpp"
#include "screen/screening.hpp"
#include "serve/edition.hpp"
#include "serve/http.hpp"

namespace ecozone::serve {

enum class JobStatus { accepted, running, successful, failed, dismissed };
std::string_view job_status_name(JobStatus s);

struct Run {
    std::shared_ptr<const Edition> edition;
    load::SiteSet sites;
    screen::ScreeningResult result;
    Diagnostics diagnostics;
    std::string document;  // the execution's JSON result, as sent (text takes a tenth of the memory of a json tree)
};

struct Job {
    std::string id;
    std::string created;  // UTC, ISO 8601
    // When it started and finished (UTC, ISO 8601), written by its worker while clients ask.
    void stamp_started();
    void stamp_finished();
    std::pair<std::string, std::string> times() const;
    std::atomic<JobStatus> status{JobStatus::accepted};
    std::atomic<std::size_t> done{0}, total{0};
    std::atomic<bool> cancel{false};
    bool counted = false;       // counts against the store's limit of running jobs
    std::shared_ptr<Run> run;   // set when successful; read and written with std::atomic_load/store
    std::optional<HttpError> error;  // set before status becomes failed; read only after

private:
    mutable std::mutex m_times_mutex;
    std::string m_started, m_finished;
};

class JobStore {
public:
    JobStore(std::size_t max_kept, std::size_t max_running) : m_max_kept(max_kept), m_max_running(max_running) {}
    ~JobStore();

    // A new job; null when `max_running` jobs are already accepted or running.
    std::shared_ptr<Job> create(bool counts_as_running);
    std::shared_ptr<Job> find(const std::string& id) const;
    std::vector<std::shared_ptr<Job>> list() const;
    // Dismisses a job: a running one is asked to stop; its results are dropped. False when unknown.
    bool dismiss(const std::string& id);
    // Runs `work` on a thread of its own; the store waits for it when destroyed.
    void start(std::shared_ptr<Job> job, std::function<void(Job&)> work);
    void finished(Job& job);

private:
    void evict_locked();

    std::size_t m_max_kept;
    std::size_t m_max_running;
    mutable std::mutex m_mutex;
    std::vector<std::shared_ptr<Job>> m_jobs;  // oldest first
    std::size_t m_running = 0;
    struct Worker {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    std::vector<Worker> m_threads;
    std::atomic<std::uint64_t> m_counter{0};
};

}  // namespace ecozone::serve
