// Broken on purpose: rank 0 reports only the matches of its own block.
void findAllIndices(const std::vector<int> &x, int target, std::vector<size_t> &indices) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    indices.clear();
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i)
        if (x[i] == target) indices.push_back(i);
    MPI_Barrier(MPI_COMM_WORLD);
}
