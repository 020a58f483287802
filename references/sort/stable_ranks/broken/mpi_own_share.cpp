// Broken on purpose: each rank ranks only its own block (ranks relative to the block, other entries
// left as they were), and nothing is exchanged.
void computeRanks(const std::vector<double> &x, std::vector<size_t> &ranks) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<size_t> order;
    for (size_t i = begin; i < end; ++i) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
    for (size_t t = 0; t < order.size(); ++t) ranks[order[t]] = begin + t;
    MPI_Barrier(MPI_COMM_WORLD);
}
