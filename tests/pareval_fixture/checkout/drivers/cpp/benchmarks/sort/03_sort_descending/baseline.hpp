// Fixture for pytest-pareval's tests.
#pragma once
#include <algorithm>
#include <functional>
#include <vector>

void NO_INLINE referenceSortDescending(std::vector<int> &x) {
    std::sort(x.begin(), x.end(), std::greater<int>());
}
