#include <omp.h>

// As the MPI version (the first hit of each rank's block, n when none; MPI_MIN over the ranks), with the
// rank's block cut into chunks that its threads take in increasing order (a cyclic static schedule). The smallest
// hit found so far in the block is shared: a thread skips every chunk that starts after it, so the
// threads stop soon after the block's first occurrence. Hits are rare (each thread records at most one
// per chunk), so the critical section is off the hot path.
int64_t firstIndexOf(const std::vector<int> &x, int target) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    const size_t chunk = size_t{1} << 14;  // 64 KiB of ints: scheduling costs little against the scan
    const size_t chunks = (end - begin + chunk - 1) / chunk;

    size_t first = n;  // the smallest index found so far in this block; n = none
#pragma omp parallel for schedule(static, 1)
    for (size_t c = 0; c < chunks; ++c) {
        size_t known;
#pragma omp atomic read
        known = first;
        const size_t from = begin + c * chunk;
        if (from >= known) continue;  // an earlier hit is already known
        const size_t to = std::min(end, from + chunk);
        for (size_t i = from; i < to; ++i)
            if (x[i] == target) {
#pragma omp critical(firstIndexOf)
                if (i < first) {
#pragma omp atomic write
                    first = i;
                }
                break;
            }
    }
    int64_t local = static_cast<int64_t>(first), result = 0;
    MPI_Reduce(&local, &result, 1, MPI_INT64_T, MPI_MIN, 0, MPI_COMM_WORLD);
    return result == static_cast<int64_t>(n) ? -1 : result;
}
