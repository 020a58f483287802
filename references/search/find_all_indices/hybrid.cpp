#include <omp.h>

// As the MPI version (each rank collects the matches of its block; rank 0 gathers the lists in rank
// order, which keeps the indices sorted), with the rank's block split among its threads: each thread
// collects the matches of its part in a private list, and the lists are copied, in parallel, each to its
// place in the rank's list.
void findAllIndices(const std::vector<int> &x, int target, std::vector<size_t> &indices) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size, count = end - begin;

    std::vector<unsigned long long> local;  // this rank's matches, increasing
    // Per thread: how many matches its part holds (0 in unused slots); a parallel region has at most
    // omp_get_max_threads() threads.
    std::vector<size_t> found(static_cast<size_t>(omp_get_max_threads()), 0);
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t from = begin + count * t / T, to = begin + count * (t + 1) / T;
        std::vector<unsigned long long> mine;
        for (size_t i = from; i < to; ++i)
            if (x[i] == target) mine.push_back(i);
        found[t] = mine.size();
#pragma omp barrier
#pragma omp single
        local.resize(std::accumulate(found.begin(), found.end(), size_t{0}));  // (implicit barrier)
        const size_t offset = std::accumulate(found.begin(), found.begin() + t, size_t{0});
        std::copy(mine.begin(), mine.end(), local.begin() + offset);
    }

    int myCount = static_cast<int>(local.size());
    std::vector<int> counts(size), displs(size);
    MPI_Gather(&myCount, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    int total = 0;
    if (rank == 0) {
        for (int r = 0; r < size; ++r) {
            displs[r] = total;
            total += counts[r];
        }
    }
    std::vector<unsigned long long> all(total);
    MPI_Gatherv(local.data(), myCount, MPI_UNSIGNED_LONG_LONG, all.data(), counts.data(), displs.data(),
                MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (rank == 0) indices.assign(all.begin(), all.end());
}
