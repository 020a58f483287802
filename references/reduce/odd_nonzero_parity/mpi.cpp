bool oddNonzeroParity(const std::vector<int> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    int local = 0, total = 0;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) local ^= (x[i] != 0);
    MPI_Reduce(&local, &total, 1, MPI_INT, MPI_LXOR, 0, MPI_COMM_WORLD);
    return total != 0;
}
