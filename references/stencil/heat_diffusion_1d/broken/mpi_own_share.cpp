// Broken on purpose: each rank steps only its own block, treating the points next to it as frozen at their
// initial values (no halo exchange), and rank 0 never receives the other blocks.
void heatDiffusion1d(std::vector<double> &u, double alpha, size_t steps) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = u.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<double> old(u);
    for (size_t s = 0; s < steps; ++s) {
        for (size_t i = begin; i < end; ++i) {
            if (i > 0 && i + 1 < n) u[i] = old[i] + alpha * (old[i - 1] - 2.0 * old[i] + old[i + 1]);
        }
        for (size_t i = begin; i < end; ++i) old[i] = u[i];
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
