#include <omp.h>

// As the MPI version (each rank takes the running maximum of its block, MPI_Exscan gives the maximum of
// the earlier blocks, rank 0 gathers the blocks), with the rank's block scanned by its threads: each
// thread scans its sub-block and records its maximum; the master thread makes the MPI call (funneled)
// while the others wait; each thread then folds the maximum of the earlier ranks and sub-blocks into its
// sub-block.
void runningMaximum(std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const double lowest = -std::numeric_limits<double>::infinity();
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size, count = end - begin;

    // Per thread: the maximum of its sub-block (-inf when empty, and in unused slots); a parallel region has
    // at most omp_get_max_threads() threads.
    std::vector<double> threadMax(static_cast<size_t>(omp_get_max_threads()), lowest);
    double before = lowest;         // the maximum of every earlier rank's block
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t from = begin + count * t / T, to = begin + count * (t + 1) / T;
        for (size_t i = from + 1; i < to; ++i) x[i] = std::max(x[i], x[i - 1]);
        if (from < to) threadMax[t] = x[to - 1];  // kept apart: x[to - 1] may change below
#pragma omp barrier
#pragma omp master
        {
            double blockMax = lowest;
            for (double m : threadMax) blockMax = std::max(blockMax, m);
            MPI_Exscan(&blockMax, &before, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
            if (rank == 0) before = lowest;  // MPI_Exscan leaves rank 0's result undefined
        }
#pragma omp barrier
        double carry = before;
        for (size_t s = 0; s < t; ++s) carry = std::max(carry, threadMax[s]);
        // Stop at the first element that is already at least `carry`: every later one is too.
        for (size_t i = from; i < to && x[i] < carry; ++i) x[i] = carry;
    }

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    if (rank == 0) {
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, x.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    } else {
        MPI_Gatherv(x.data() + begin, static_cast<int>(count), MPI_DOUBLE, nullptr, nullptr, nullptr,
                    MPI_DOUBLE, 0, MPI_COMM_WORLD);
    }
}
