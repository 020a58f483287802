// Each rank sorts one contiguous block; rank 0 gathers the sorted blocks and merges them pairwise.
void sortAscending(std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<double> local(x.begin() + begin, x.begin() + end);
    std::sort(local.begin(), local.end());

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        const size_t b = n * r / size, e = n * (r + 1) / size;
        counts[r] = static_cast<int>(e - b);
        displs[r] = static_cast<int>(b);
    }
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_DOUBLE, x.data(), counts.data(),
                displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank != 0) return;

    // Merge the sorted runs [displs[r], displs[r] + counts[r]) in log2(size) passes.
    std::vector<size_t> bounds(size + 1);
    for (int r = 0; r < size; ++r) bounds[r] = displs[r];
    bounds[size] = n;
    for (size_t width = 1; width < static_cast<size_t>(size); width *= 2) {
        for (size_t r = 0; r + width < static_cast<size_t>(size); r += 2 * width) {
            const size_t mid = bounds[r + width];
            const size_t last = bounds[std::min(r + 2 * width, static_cast<size_t>(size))];
            std::inplace_merge(x.begin() + bounds[r], x.begin() + mid, x.begin() + last);
        }
    }
}
