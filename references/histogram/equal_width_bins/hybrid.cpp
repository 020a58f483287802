#include <omp.h>

// Each rank bins its block of x, split again among its threads: every thread bins into a private
// histogram, the threads' histograms are added into the rank's, and MPI_Reduce sums the ranks' on rank 0.
void histogramEqualWidth(const std::vector<double> &x, double lo, double hi, std::vector<size_t> &bins) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    static_assert(sizeof(size_t) == sizeof(uint64_t), "size_t is sent as MPI_UINT64_T");
    const size_t nb = bins.size();
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    const double scale = static_cast<double>(nb) / (hi - lo);
    std::vector<size_t> rankBins(nb, 0);
#pragma omp parallel
    {
        std::vector<size_t> local(nb, 0);
#pragma omp for schedule(static) nowait
        for (size_t j = begin; j < end; ++j) {
            const double v = x[j];
            if (!(v >= lo && v <= hi)) continue;
            size_t i = static_cast<size_t>((v - lo) * scale);
            if (i >= nb) i = nb - 1;  // v == hi belongs to the last bin
            ++local[i];
        }
#pragma omp critical
        for (size_t b = 0; b < nb; ++b) rankBins[b] += local[b];
    }
    MPI_Reduce(rankBins.data(), bins.data(), static_cast<int>(nb), MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
}
