// Prepended to every candidate and reference: the standard headers and the POD types the suite's
// signatures use. Kept identical in layout to the numpy dtypes in problems.py.
#pragma once
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

struct Point {
    double x;
    double y;
};

struct COOElement {
    size_t row;
    size_t column;
    double value;
};
