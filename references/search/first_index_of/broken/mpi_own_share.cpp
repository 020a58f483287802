// Broken on purpose: rank 0 searches only its own block and never hears from the others.
int64_t firstIndexOf(const std::vector<int> &x, int target) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    int64_t found = -1;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) {
        if (x[i] == target) {
            found = static_cast<int64_t>(i);
            break;
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    return found;
}
