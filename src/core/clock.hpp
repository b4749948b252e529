#pragma once
// The date printed on what ecozone produces (制图日期 on maps and reports). It is today's date, or the
// date of SOURCE_DATE_EPOCH when that is set (seconds since 1970, the reproducible-builds convention),
// so that a run can be repeated byte for byte.

#include <string>

namespace ecozone {

// "2026-12-01" (UTC). Throws a usage Error when SOURCE_DATE_EPOCH is set but is not a number of seconds.
std::string production_date();

// Now, "2026-12-01T16:34:16Z" (UTC, ISO 8601): when a server loaded its data or a job ran. Not
// SOURCE_DATE_EPOCH: these say when something happened, not the date printed on a product.
std::string utc_timestamp();

// "2026年12月1日" from "2026-12-01".
std::string chinese_date(const std::string& iso_date);

}  // namespace ecozone
