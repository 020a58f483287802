// Broken on purpose: rank 0 counts only within its own block, as if the array ended there.
int64_t kthGreaterThan(const std::vector<double> &x, double threshold, size_t k) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    size_t seen = 0;
    int64_t found = -1;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) {
        if (x[i] > threshold && ++seen == k) {
            found = static_cast<int64_t>(i);
            break;
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    return found;
}
