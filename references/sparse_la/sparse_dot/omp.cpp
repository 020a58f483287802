#include <omp.h>

// As mpi.cpp with threads for ranks: each thread takes one block of x's stored elements, finds by binary
// search where that block's index range starts in y, and merges the two lists over that range. The partial
// sums are added in thread order (one slot per thread), so a given thread count always gives the same sum.
double sparseDot(const std::vector<size_t> &xIndices, const std::vector<double> &xValues,
                 const std::vector<size_t> &yIndices, const std::vector<double> &yValues) {
    const size_t nx = xIndices.size();
    std::vector<double> partial(omp_get_max_threads(), 0.0);
    int threads = 1;
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        if (t == 0) threads = static_cast<int>(nt);
        size_t a = nx * t / nt;
        const size_t aEnd = nx * (t + 1) / nt;
        double local = 0.0;
        if (a < aEnd) {
            size_t b = std::lower_bound(yIndices.begin(), yIndices.end(), xIndices[a]) - yIndices.begin();
            while (a < aEnd && b < yIndices.size()) {
                if (xIndices[a] < yIndices[b]) {
                    ++a;
                } else if (yIndices[b] < xIndices[a]) {
                    ++b;
                } else {
                    local += xValues[a++] * yValues[b++];
                }
            }
        }
        partial[t] = local;  // written once per thread: no false-sharing traffic in the loop
    }
    double sum = 0.0;
    for (int t = 0; t < threads; ++t) sum += partial[t];
    return sum;
}
