#pragma once
// Areas summed as whole micro-square-metres (integers), so that totals do not depend on the order in which
// threads add them: the same data gives the same figures, to the last digit. A cell's part is rounded by at
// most 0.5 µm²; an int64 holds 9.2 million km² per zone and class.

#include <cstdint>

namespace ecozone::stats {

using Micro = std::int64_t;
inline constexpr double k_micro_per_m2 = 1e6;

inline Micro to_micro(double m2) { return static_cast<Micro>(m2 * k_micro_per_m2 + 0.5); }
inline double to_m2(Micro micro) { return static_cast<double>(micro) / k_micro_per_m2; }

}  // namespace ecozone::stats
