#include <omp.h>

// Each thread bins its block of x into a private histogram; the private histograms are then added into
// bins, one thread at a time (nb additions per thread, against n/T bin computations).
void histogramEqualWidth(const std::vector<double> &x, double lo, double hi, std::vector<size_t> &bins) {
    const size_t nb = bins.size();
    const size_t n = x.size();
    std::fill(bins.begin(), bins.end(), 0);
    const double scale = static_cast<double>(nb) / (hi - lo);
#pragma omp parallel
    {
        std::vector<size_t> local(nb, 0);
#pragma omp for schedule(static) nowait
        for (size_t j = 0; j < n; ++j) {
            const double v = x[j];
            if (!(v >= lo && v <= hi)) continue;
            size_t i = static_cast<size_t>((v - lo) * scale);
            if (i >= nb) i = nb - 1;  // v == hi belongs to the last bin
            ++local[i];
        }
#pragma omp critical
        for (size_t b = 0; b < nb; ++b) bins[b] += local[b];
    }
}
