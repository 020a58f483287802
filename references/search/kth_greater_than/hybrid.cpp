#include <omp.h>

// As the MPI version (each rank counts the qualifying elements of its block, MPI_Exscan gives the count
// of the earlier blocks, the block holding the k-th element finds it, MPI_MIN brings it to rank 0), with
// the counting split among the rank's threads over fixed-size chunks: the chunk counts then lead the
// finding rank straight to the chunk holding the k-th element, which it scans alone.
int64_t kthGreaterThan(const std::vector<double> &x, double threshold, size_t k) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    const size_t chunk = 4096;
    const size_t chunks = (end - begin + chunk - 1) / chunk;

    std::vector<size_t> above(chunks);  // per chunk of the block: how many of its elements are > threshold
    unsigned long long mine = 0;
#pragma omp parallel for schedule(static) reduction(+ : mine)
    for (size_t c = 0; c < chunks; ++c) {
        const size_t from = begin + c * chunk, to = std::min(end, from + chunk);
        size_t count = 0;
        for (size_t i = from; i < to; ++i) count += x[i] > threshold;
        above[c] = count;
        mine += count;
    }

    // How many qualifying elements lie in the blocks before this one.
    unsigned long long before = 0;
    MPI_Exscan(&mine, &before, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) before = 0;

    // Only the block holding the k-th element finds it; the others offer n (no answer).
    long long found = static_cast<long long>(n);
    if (k > before && k <= before + mine) {
        unsigned long long seen = before;  // qualifying elements before chunk c
        size_t c = 0;
        while (seen + above[c] < k) seen += above[c++];
        for (size_t i = begin + c * chunk;; ++i)  // the k-th lies in this chunk
            if (x[i] > threshold && ++seen == k) {
                found = static_cast<long long>(i);
                break;
            }
    }
    long long result = 0;
    MPI_Reduce(&found, &result, 1, MPI_LONG_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    return result == static_cast<long long>(n) ? -1 : static_cast<int64_t>(result);
}
