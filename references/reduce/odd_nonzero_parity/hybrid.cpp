// Each rank takes the parity of its block's nonzero count, its threads splitting the block (an integer
// XOR reduction); MPI_LXOR combines the ranks' parities on rank 0.
bool oddNonzeroParity(const std::vector<int> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    int local = 0, total = 0;
#pragma omp parallel for schedule(static) reduction(^ : local)
    for (size_t i = begin; i < end; ++i) local ^= (x[i] != 0);
    MPI_Reduce(&local, &total, 1, MPI_INT, MPI_LXOR, 0, MPI_COMM_WORLD);
    return total != 0;
}
