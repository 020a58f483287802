// Distributed quickselect. Every round the ranks agree on a pivot drawn (with the same pseudo-random
// sequence everywhere) among the still-active elements, each rank partitions the active part of its own
// block into < pivot, == pivot and > pivot, one Allreduce counts the first two groups everywhere, and
// the ranks narrow their active ranges. Expected O(log n) rounds and O(n / ranks) work per rank, like the
// serial std::nth_element (sorting the blocks first would cost more than the whole serial selection).
// The answer ends up on every rank.
double kthSmallest(const std::vector<double> &x, size_t k) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    std::vector<double> mine(x.begin() + n * rank / size, x.begin() + n * (rank + 1) / size);
    size_t lo = 0, hi = mine.size();          // active range of this rank's block
    unsigned long long want = k;              // rank (1-based) of the answer among active elements
    unsigned long long state = 0x9E3779B97F4A7C15ULL;
    std::vector<unsigned long long> active(size);
    for (;;) {
        unsigned long long mineActive = hi - lo;
        MPI_Allgather(&mineActive, 1, MPI_UNSIGNED_LONG_LONG, active.data(), 1, MPI_UNSIGNED_LONG_LONG,
                      MPI_COMM_WORLD);
        unsigned long long total = 0;
        for (unsigned long long a : active) total += a;
        if (total == 0) return 0.0;  // unreachable for 1 <= k <= n
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned long long pick = (state >> 11) % total;
        int owner = 0;
        while (pick >= active[owner]) pick -= active[owner++];
        double pivot = rank == owner ? mine[lo + pick] : 0.0;
        MPI_Bcast(&pivot, 1, MPI_DOUBLE, owner, MPI_COMM_WORLD);

        const auto less = std::partition(mine.begin() + lo, mine.begin() + hi, [pivot](double v) { return v < pivot; });
        const auto equal = std::partition(less, mine.begin() + hi, [pivot](double v) { return !(pivot < v); });
        const size_t below = less - mine.begin(), upto = equal - mine.begin();
        unsigned long long local[2] = {below - lo, upto - lo}, global[2] = {0, 0};
        MPI_Allreduce(local, global, 2, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
        if (want <= global[0]) {
            hi = below;
        } else if (want <= global[1]) {
            return pivot;
        } else {
            want -= global[1];
            lo = upto;
        }
    }
}
