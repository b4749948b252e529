#pragma once
// Area units planners use: m², hectares (公顷), 亩 and km².

namespace ecozone::units {

inline constexpr double m2_per_ha = 10'000.0;
inline constexpr double m2_per_km2 = 1'000'000.0;
inline constexpr double m2_per_mu = 10'000.0 / 15.0;  // 1 亩 = 666.67 m²; 1 ha = 15 亩

constexpr double ha(double m2) { return m2 / m2_per_ha; }
constexpr double km2(double m2) { return m2 / m2_per_km2; }
constexpr double mu(double m2) { return m2 / m2_per_mu; }

}  // namespace ecozone::units
