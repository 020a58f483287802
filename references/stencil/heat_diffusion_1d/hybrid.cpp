// As mpi.cpp (blocks over the first min(size, n) ranks, one-point halos exchanged every step, rank 0
// gathers), with one parallel region per rank around all steps: the master thread exchanges the halos (MPI
// from the master thread only), a barrier publishes them, then the rank's points are split among its threads.
void heatDiffusion1d(std::vector<double> &u, double alpha, size_t steps) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = u.size();
    if (n == 0) return;
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
#pragma omp parallel
        {
            double *cur = local.data(), *nx = next.data();
            for (size_t s = 0; s < steps; ++s) {
#pragma omp master
                {
                    // My first point goes left while the right neighbour's first point arrives, and back.
                    MPI_Sendrecv(cur + 1, 1, MPI_DOUBLE, left, 0, cur + m + 1, 1, MPI_DOUBLE, right, 0,
                                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                    MPI_Sendrecv(cur + m, 1, MPI_DOUBLE, right, 1, cur, 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD,
                                 MPI_STATUS_IGNORE);
                }
#pragma omp barrier
#pragma omp for schedule(static)
                for (size_t k = 1; k <= m; ++k) {
                    const size_t g = begin + k - 1;
                    if (g == 0 || g + 1 == n) nx[k] = cur[k];
                    else nx[k] = cur[k] + alpha * (cur[k - 1] - 2.0 * cur[k] + cur[k + 1]);
                }
                std::swap(cur, nx);  // the loop's implicit barrier ends the step for every thread
            }
        }
        if (steps % 2 == 1) local.swap(next);
    }
    MPI_Gatherv(local.data() + 1, counts[rank], MPI_DOUBLE, u.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
}
