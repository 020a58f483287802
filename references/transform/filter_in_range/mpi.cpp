// Each rank filters one block of x (every rank holds all of x); the blocks are consecutive, so rank 0
// appending the survivors in rank order keeps the original order. The survivors are counted first (one
// quick pass without branches) so that rank 0 sizes kept once and the other ranks' survivors arrive
// straight in their place: rank 0 filters its block into kept itself and copies nothing of its own.
static size_t countInRange(const double *begin, const double *end, double lo, double hi) {
    size_t count = 0;
    for (const double *p = begin; p != end; ++p) count += (lo <= *p) & (*p <= hi);
    return count;
}

void filterInRange(const std::vector<double> &x, double lo, double hi, std::vector<double> &kept) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    const int mine = static_cast<int>(countInRange(x.data() + begin, x.data() + end, lo, hi));
    std::vector<int> counts(size);
    MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);

    // The filter itself, as the serial reference's, into a buffer of the right capacity.
    std::vector<double> local;
    std::vector<double> &out = rank == 0 ? kept : local;
    size_t total = mine;
    if (rank == 0)
        for (int r = 1; r < size; ++r) total += counts[r];
    out.reserve(total);
    for (size_t i = begin; i < end; ++i)
        if (lo <= x[i] && x[i] <= hi) out.push_back(x[i]);

    if (rank != 0) {
        MPI_Send(local.data(), mine, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);
        return;
    }
    kept.resize(total);
    size_t at = mine;
    for (int r = 1; r < size; ++r) {
        MPI_Recv(kept.data() + at, counts[r], MPI_DOUBLE, r, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        at += counts[r];
    }
}
