#include <omp.h>

// As mpi.cpp: rows are split into contiguous blocks, one per rank, and after every sweep the blocks are
// exchanged with MPI_Allgatherv so that every rank has the full previous iterate. Inside a rank, the block is
// split again among the threads; each thread keeps the entries of its own rows as a small CSR (built from
// one pass over A) and computes its rows of the rank's block. One parallel region holds all sweeps: a
// barrier, the master thread's Allgatherv (MPI from the master thread only), and a barrier again.
void jacobiIterations(const std::vector<COOElement> &A, const std::vector<double> &b, std::vector<double> &x,
                      size_t N, int iterations) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(N * r / size);
        counts[r] = static_cast<int>(N * (r + 1) / size) - displs[r];
    }
    const size_t rankBegin = displs[rank], rankRows = counts[rank];
    std::vector<double> mine(rankRows);
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        const size_t begin = rankBegin + rankRows * t / nt, end = rankBegin + rankRows * (t + 1) / nt;

        std::vector<double> diagonal(end - begin, 0.0);
        std::vector<size_t> rowStart(end - begin + 1, 0);
        for (const COOElement &e : A)
            if (e.row >= begin && e.row < end && e.row != e.column) ++rowStart[e.row - begin + 1];
        for (size_t i = 0; i < end - begin; ++i) rowStart[i + 1] += rowStart[i];
        std::vector<size_t> cols(rowStart.back()), fill(rowStart.begin(), rowStart.end() - 1);
        std::vector<double> vals(rowStart.back());
        for (const COOElement &e : A) {
            if (e.row < begin || e.row >= end) continue;
            if (e.row == e.column) {
                diagonal[e.row - begin] += e.value;
            } else {
                const size_t k = fill[e.row - begin]++;
                cols[k] = e.column;
                vals[k] = e.value;
            }
        }

        for (int it = 0; it < iterations; ++it) {
            for (size_t i = begin; i < end; ++i) {
                double sum = b[i];
                for (size_t k = rowStart[i - begin]; k < rowStart[i - begin + 1]; ++k) sum -= vals[k] * x[cols[k]];
                mine[i - rankBegin] = sum / diagonal[i - begin];
            }
#pragma omp barrier
#pragma omp master
            MPI_Allgatherv(mine.data(), counts[rank], MPI_DOUBLE, x.data(), counts.data(), displs.data(),
                           MPI_DOUBLE, MPI_COMM_WORLD);
#pragma omp barrier
        }
    }
}
