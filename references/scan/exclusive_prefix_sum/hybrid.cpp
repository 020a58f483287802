#include <omp.h>

// As the MPI version (each rank scans its block, MPI_Exscan gives the sum of the earlier blocks, rank 0
// gathers the blocks), with the rank's block scanned by its threads in two passes: each thread sums its
// sub-block; the master thread then makes the MPI calls (funneled) while the others wait; each thread
// finally writes the exclusive scan of its sub-block, starting from the rank's offset plus the sums of
// the earlier sub-blocks.
int64_t exclusivePrefixSum(const std::vector<int64_t> &x, std::vector<int64_t> &output) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size, count = end - begin;

    std::vector<int64_t> local(count);
    // Per thread: the sum of its sub-block (0 in unused slots); a parallel region has at most
    // omp_get_max_threads() threads.
    std::vector<int64_t> threadSum(static_cast<size_t>(omp_get_max_threads()), 0);
    int64_t offset = 0, total = 0;   // sum of the earlier ranks' blocks; grand total (rank 0)
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t from = count * t / T, to = count * (t + 1) / T;  // within the rank's block
        int64_t sum = 0;
        for (size_t i = from; i < to; ++i) sum += x[begin + i];
        threadSum[t] = sum;
#pragma omp barrier
#pragma omp master
        {
            int64_t blockSum = 0;
            for (int64_t s : threadSum) blockSum += s;
            MPI_Exscan(&blockSum, &offset, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
            if (rank == 0) offset = 0;  // MPI_Exscan leaves rank 0's result undefined
            MPI_Reduce(&blockSum, &total, 1, MPI_INT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
        }
#pragma omp barrier
        int64_t running = offset;
        for (size_t s = 0; s < t; ++s) running += threadSum[s];
        for (size_t i = from; i < to; ++i) {
            local[i] = running;
            running += x[begin + i];
        }
    }

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_INT64_T, output.data(), counts.data(),
                displs.data(), MPI_INT64_T, 0, MPI_COMM_WORLD);
    return total;
}
