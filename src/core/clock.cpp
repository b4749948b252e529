#include "core/clock.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "core/error.hpp"
#include "core/i18n.hpp"

namespace ecozone {

std::string production_date() {
    std::time_t t = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
        char* end = nullptr;
        const long long v = std::strtoll(epoch, &end, 10);
        if (*end != '\0' || v < 0 || v > 253402300799LL) {
            throw Error({}, tr("SOURCE_DATE_EPOCH is '{1}', not a number of seconds since 1970.", epoch),
                        tr("Unset it, or set it to e.g. 1764547200 (2025-12-01)."), ErrorKind::usage);
        }
        t = static_cast<std::time_t>(v);
    }
    std::tm tm{};
    gmtime_r(&t, &tm);
    char b[16];
    std::strftime(b, sizeof b, "%Y-%m-%d", &tm);
    return b;
}

std::string utc_timestamp() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return b;
}

std::string chinese_date(const std::string& iso) {
    int y = 0, m = 0, d = 0;
    if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return iso;
    return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
}

}  // namespace ecozone
