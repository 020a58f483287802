// Broken on purpose: rank 0 answers with the smallest values of its own block only.
void kSmallest(const std::vector<double> &x, size_t k, std::vector<double> &smallest) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    smallest.resize(std::min(k, end - begin));
    std::partial_sort_copy(x.begin() + begin, x.begin() + end, smallest.begin(), smallest.end());
    MPI_Barrier(MPI_COMM_WORLD);
}
