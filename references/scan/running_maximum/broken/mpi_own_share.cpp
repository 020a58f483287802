// Broken on purpose: each rank computes the running maximum of its own block only; rank 0's later
// blocks keep their original values.
void runningMaximum(std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    for (size_t i = begin + 1; i < end; ++i) x[i] = std::max(x[i], x[i - 1]);
    MPI_Barrier(MPI_COMM_WORLD);
}
