// Broken on purpose: each rank scans its own block without offsets and nothing is gathered, so rank 0
// only fills its own block of the output.
void prefixSum(const std::vector<double> &x, std::vector<double> &output) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    double running = 0.0;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) {
        running += x[i];
        output[i] = running;
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
