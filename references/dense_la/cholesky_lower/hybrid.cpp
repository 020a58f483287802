// Rows of L are dealt cyclically among the ranks (row i belongs to rank i % size). At step j the owner of
// row j finishes it (its diagonal entry) and broadcasts it; every rank then computes column j of its own
// rows below j, those rows divided among its threads. Since each finished row is broadcast, rank 0 ends
// with all of L. MPI is called by the master thread only, between barriers.
void choleskyLower(const std::vector<double> &A, std::vector<double> &L, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<double> rowJ(N);
    std::vector<double> local(N * N, 0.0);  // only this rank's rows are written (plus received rows)
#pragma omp parallel
    for (size_t j = 0; j < N; ++j) {
        const int owner = static_cast<int>(j % size);
#pragma omp master
        {
            if (owner == rank) {
                double d = A[j * N + j];
                for (size_t k = 0; k < j; ++k) d -= local[j * N + k] * local[j * N + k];
                local[j * N + j] = std::sqrt(d);
                std::copy(local.begin() + j * N, local.begin() + j * N + j + 1, rowJ.begin());
            }
            MPI_Bcast(rowJ.data(), static_cast<int>(j + 1), MPI_DOUBLE, owner, MPI_COMM_WORLD);
            if (owner != rank) std::copy(rowJ.begin(), rowJ.begin() + j + 1, local.begin() + j * N);
        }
#pragma omp barrier
        const double ljj = rowJ[j];
        // This rank's rows below j: first, first + size, ...
        const size_t first = j + 1 + (static_cast<size_t>(rank) + size - (j + 1) % size) % size;
        const size_t count = first < N ? (N - first + size - 1) / size : 0;
#pragma omp for schedule(static)
        for (size_t t = 0; t < count; ++t) {
            const size_t i = first + t * size;
            double s = A[i * N + j];
            for (size_t k = 0; k < j; ++k) s -= local[i * N + k] * rowJ[k];
            local[i * N + j] = s / ljj;
        }
        // The loop's implicit barrier keeps rowJ unchanged until every thread is done with it.
    }
    if (rank == 0) L.swap(local);
}
