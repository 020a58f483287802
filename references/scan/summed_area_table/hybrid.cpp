#include <omp.h>

// As the MPI version (blocks of whole rows per rank; each rank builds the table of its rows alone, adds
// the element-wise sum of the earlier ranks' last rows from MPI_Exscan, and rank 0 gathers the blocks),
// with the rank's rows split again among its threads in the same way: each thread builds the table of
// its rows and copies its last row; the master thread adds the threads' last rows into the rank's column
// totals and makes the MPI call (funneled) while the others wait; each thread then adds the rank's offset
// plus the earlier threads' last rows to its rows.
void summedAreaTable(const std::vector<int> &grid, size_t rows, size_t cols, std::vector<int64_t> &table) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t first = rows * rank / size, last = rows * (rank + 1) / size;
    const size_t myRows = last - first;

    std::vector<int64_t> local(myRows * cols);
    // Per thread: the last row of its rows' own table; a parallel region has at most
    // omp_get_max_threads() threads.
    std::vector<std::vector<int64_t>> threadTotals(static_cast<size_t>(omp_get_max_threads()));
    std::vector<int64_t> blockTotals(cols, 0), offset(cols, 0);
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t from = myRows * t / T, to = myRows * (t + 1) / T;  // rows within the rank's block
        for (size_t i = from; i < to; ++i) {
            int64_t rowSum = 0;
            for (size_t j = 0; j < cols; ++j) {
                rowSum += grid[(first + i) * cols + j];
                local[i * cols + j] = rowSum + (i > from ? local[(i - 1) * cols + j] : 0);
            }
        }
        std::vector<int64_t> &totals = threadTotals[t];
        totals.assign(cols, 0);
        if (to > from) std::copy(local.begin() + (to - 1) * cols, local.begin() + to * cols, totals.begin());
#pragma omp barrier
#pragma omp master
        {
            for (size_t s = 0; s < T; ++s)
                for (size_t j = 0; j < cols; ++j) blockTotals[j] += threadTotals[s][j];
            MPI_Exscan(blockTotals.data(), offset.data(), static_cast<int>(cols), MPI_INT64_T, MPI_SUM,
                       MPI_COMM_WORLD);
            if (rank == 0) std::fill(offset.begin(), offset.end(), 0);  // undefined on rank 0
        }
#pragma omp barrier
        if (to > from && (rank > 0 || t > 0)) {
            std::vector<int64_t> carry(offset);
            for (size_t s = 0; s < t; ++s)
                for (size_t j = 0; j < cols; ++j) carry[j] += threadTotals[s][j];
            for (size_t i = from; i < to; ++i)
                for (size_t j = 0; j < cols; ++j) local[i * cols + j] += carry[j];
        }
    }

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(rows * r / size * cols);
        counts[r] = static_cast<int>(rows * (r + 1) / size * cols) - displs[r];
    }
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_INT64_T, table.data(), counts.data(),
                displs.data(), MPI_INT64_T, 0, MPI_COMM_WORLD);
}
