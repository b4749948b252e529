#pragma once
// "Do you mean" suggestions for names a user typed: commands, options, catalog keys, layer ids.

#include <string>
#include <string_view>
#include <vector>

namespace ecozone::text {

std::size_t edit_distance(std::string_view a, std::string_view b);

// " Do you mean 'x'?" when a candidate is within edit distance 2, else "".
std::string did_you_mean(std::string_view given, const std::vector<std::string>& candidates);

}  // namespace ecozone::text
