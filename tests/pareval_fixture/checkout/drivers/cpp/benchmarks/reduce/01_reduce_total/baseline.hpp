// Fixture for pytest-pareval's tests.
#pragma once
#include <numeric>
#include <vector>

double NO_INLINE referenceTotal(std::vector<double> const& x) {
    return std::accumulate(x.begin(), x.end(), 0.0);
}
