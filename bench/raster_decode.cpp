// The floor for `ecozone stats`: decode every strip of a raster with the same reader and the same
// strips, on N threads, and do nothing else. Prints the seconds taken.
//   ecozone_raster_decode RASTER [THREADS]

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "io/raster_source.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s RASTER [THREADS]\n", argv[0]);
        return 2;
    }
    const int threads = argc > 2 ? std::atoi(argv[2]) : static_cast<int>(std::thread::hardware_concurrency());
    const auto info = ecozone::io::open_raster(argv[1], "", {});
    const int strip_rows = std::max(info.block_rows, (256 / info.block_rows) * info.block_rows);
    const int strips = (info.rows + strip_rows - 1) / strip_rows;
    std::atomic<int> next{0};
    std::atomic<unsigned long long> checksum{0};
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            auto reader = ecozone::io::open_reader(info);
            std::vector<std::uint16_t> buf;
            unsigned long long sum = 0;
            for (int s; (s = next++) < strips;) {
                const int r0 = s * strip_rows;
                reader->read_rows(r0, std::min(strip_rows, info.rows - r0), buf);
                sum += buf[buf.size() / 2];
            }
            checksum += sum;
        });
    }
    for (auto& t : pool) t.join();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%.3f\n", s);
    std::fprintf(stderr, "decoded %d x %d pixels in %d strips on %d threads (checksum %llu)\n", info.cols, info.rows, strips,
                 threads, checksum.load());
    return 0;
}
