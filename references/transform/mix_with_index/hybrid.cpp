// As mpi.cpp (rank blocks gathered on rank 0), with the rank's block split among its threads.
void mixWithIndex(std::vector<int64_t> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    // The map uses the GLOBAL index: the block is transformed where it lies in this rank's copy of x.
    const size_t begin = displs[rank], end = begin + counts[rank];
    std::vector<int64_t> local(end - begin);
#pragma omp parallel for schedule(static)
    for (size_t i = begin; i < end; ++i)
        local[i - begin] = x[i] * static_cast<int64_t>(i % 5) + static_cast<int64_t>(i);
    MPI_Gatherv(local.data(), counts[rank], MPI_INT64_T, x.data(), counts.data(), displs.data(), MPI_INT64_T, 0,
                MPI_COMM_WORLD);
}
