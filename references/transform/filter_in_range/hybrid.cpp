#include <omp.h>

// As mpi.cpp: each rank filters its block, and rank 0 gathers the survivors in rank order (the blocks are
// consecutive, so the original order is kept). Inside a rank, every thread filters a consecutive piece of
// the rank's block into a vector of its own, and the pieces are concatenated in thread order.
void filterInRange(const std::vector<double> &x, double lo, double hi, std::vector<double> &kept) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<double> local;
    std::vector<size_t> offset(omp_get_max_threads() + 1, 0);
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        std::vector<double> piece;
        for (size_t i = begin + (end - begin) * t / nt; i < begin + (end - begin) * (t + 1) / nt; ++i)
            if (lo <= x[i] && x[i] <= hi) piece.push_back(x[i]);
        offset[t + 1] = piece.size();
#pragma omp barrier
#pragma omp single
        {
            for (size_t r = 0; r < nt; ++r) offset[r + 1] += offset[r];
            local.resize(offset[nt]);
        }  // implicit barrier: local is sized before anyone copies
        std::copy(piece.begin(), piece.end(), local.begin() + offset[t]);
    }
    // Variable-size gather: first the counts, then the offsets on rank 0, then the values.
    int mine = static_cast<int>(local.size());
    std::vector<int> counts(rank == 0 ? size : 0), displs(rank == 0 ? size : 0);
    MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        int total = 0;
        for (int r = 0; r < size; ++r) {
            displs[r] = total;
            total += counts[r];
        }
        kept.assign(static_cast<size_t>(total), 0.0);
    }
    MPI_Gatherv(local.data(), mine, MPI_DOUBLE, kept.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
