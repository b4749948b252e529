#pragma once

#include <cstddef>
#include <vector>

namespace ecozone {

// Thread-local scratch vectors are kept from call to call, so that a loop over many shapes allocates once.
// One that grew past `keep` elements for a rare large shape is let go before it is filled again: a server
// runs on dozens of threads, and each would otherwise hold a copy the size of the largest shape it has met.
template <class... T>
void trim_scratch(std::size_t keep, std::vector<T>&... v) {
    ((v.capacity() > keep ? std::vector<T>().swap(v) : v.clear()), ...);
}

}  // namespace ecozone
