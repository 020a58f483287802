#include <omp.h>

// Each rank summarises its block as (count, mean, sum of squared deviations), computing the block's sum
// and then its squared deviations with its threads; rank 0 gathers the summaries and merges them pairwise
// (Chan et al.), which stays accurate with a large common offset.
void meanAndVariance(const std::vector<double> &x, std::vector<double> &stats) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    double local[3] = {static_cast<double>(end - begin), 0.0, 0.0};
    if (end > begin) {
        double sum = 0.0, m2 = 0.0;
#pragma omp parallel
        {
#pragma omp for schedule(static) reduction(+ : sum)
            for (size_t i = begin; i < end; ++i) sum += x[i];
            // (implicit barrier: every thread sees the reduced sum)
            const double mean = sum / local[0];
#pragma omp for schedule(static) reduction(+ : m2)
            for (size_t i = begin; i < end; ++i) m2 += (x[i] - mean) * (x[i] - mean);
        }
        local[1] = sum / local[0];
        local[2] = m2;
    }
    std::vector<double> all(rank == 0 ? 3 * static_cast<size_t>(size) : 3);
    MPI_Gather(local, 3, MPI_DOUBLE, all.data(), 3, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    stats.assign(2, 0.0);
    if (rank != 0) return;
    double count = 0.0, mean = 0.0, m2 = 0.0;
    for (int r = 0; r < size; ++r) {
        const double cb = all[3 * r], mb = all[3 * r + 1], m2b = all[3 * r + 2];
        if (cb == 0.0) continue;
        const double total = count + cb, delta = mb - mean;
        mean += delta * cb / total;
        m2 += m2b + delta * delta * count * cb / total;
        count = total;
    }
    stats[0] = mean;
    stats[1] = count > 0.0 ? m2 / count : 0.0;
}
