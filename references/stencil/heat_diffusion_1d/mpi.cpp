void heatDiffusion1d(std::vector<double> &u, double alpha, size_t steps) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = u.size();
    if (n == 0) return;
    // Only the first min(size, n) ranks own points, so every active rank has a non-empty block and its
    // neighbours in the chain are simply rank-1 and rank+1.
    const int active = static_cast<int>(std::min<size_t>(static_cast<size_t>(size), n));
    std::vector<int> counts(size, 0), displs(size, 0);
    for (int r = 0; r < active; ++r) {
        const size_t b = n * r / active, e = n * (r + 1) / active;
        counts[r] = static_cast<int>(e - b);
        displs[r] = static_cast<int>(b);
    }
    const size_t begin = displs[rank], m = counts[rank];
    // local[0] and local[m+1] are ghost cells holding the neighbours' boundary values.
    std::vector<double> local(m + 2, 0.0), next(m + 2, 0.0);
    if (rank < active) {
        std::copy(u.begin() + begin, u.begin() + begin + m, local.begin() + 1);
        const int left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
        const int right = rank + 1 < active ? rank + 1 : MPI_PROC_NULL;
        for (size_t s = 0; s < steps; ++s) {
            // Halo exchange: my first point goes left while the right neighbour's first point arrives, and
            // the other way round.
            MPI_Sendrecv(&local[1], 1, MPI_DOUBLE, left, 0, &local[m + 1], 1, MPI_DOUBLE, right, 0,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Sendrecv(&local[m], 1, MPI_DOUBLE, right, 1, &local[0], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
            for (size_t k = 1; k <= m; ++k) {
                const size_t g = begin + k - 1;
                if (g == 0 || g + 1 == n) next[k] = local[k];
                else next[k] = local[k] + alpha * (local[k - 1] - 2.0 * local[k] + local[k + 1]);
            }
            local.swap(next);
        }
    }
    MPI_Gatherv(local.data() + 1, counts[rank], MPI_DOUBLE, u.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
}
