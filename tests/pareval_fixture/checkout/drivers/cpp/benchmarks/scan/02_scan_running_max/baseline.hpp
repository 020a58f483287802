// Fixture for pytest-pareval's tests.
#pragma once
#include <algorithm>
#include <vector>

void NO_INLINE referenceRunningMax(std::vector<int> const& x, std::vector<int> &out) {
    for (size_t i = 0; i < x.size(); ++i) out[i] = i ? std::max(out[i - 1], x[i]) : x[i];
}
