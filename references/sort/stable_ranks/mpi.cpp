// Rank r computes ranks[i] for its own block of indices [b, e), so rank 0 can gather the blocks in place.
// ranks[i] is (the position of x[i] in its block's stable order) + (the values of the other blocks that
// come before it: in an earlier block, those <= x[i]; in a later one, those < x[i]). Each rank sorts its
// block as (value, index) pairs, which are all distinct, so the sorted order is the stable order; the
// ranks share their blocks' sorted values (Allgatherv), and one merge-like walk per other block counts,
// for the own values in ascending order, how many of its values come first.
// (Before: a sample sort of the pairs, an Alltoallv of every pair, and rank 0 alone writing all n ranks
// from the gathered order.)
struct RankPair {
    double value;
    unsigned long long index;
};

// A closure rather than a function, so that std::sort inlines the comparison.
static const auto pairLess = [](const RankPair &a, const RankPair &b) -> bool {
    return a.value < b.value || (a.value == b.value && a.index < b.index);
};

void computeRanks(const std::vector<double> &x, std::vector<size_t> &ranks) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        counts[r] = static_cast<int>(n * (r + 1) / size - n * r / size);
        displs[r] = static_cast<int>(n * r / size);
    }
    const size_t begin = displs[rank], m = counts[rank];
    std::vector<RankPair> local(m);
    for (size_t t = 0; t < m; ++t) local[t] = {x[begin + t], begin + t};
    std::sort(local.begin(), local.end(), pairLess);

    // Every block's values in sorted order, this rank's written in place.
    std::vector<double> sorted(n);
    for (size_t t = 0; t < m; ++t) sorted[begin + t] = local[t].value;
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, sorted.data(), counts.data(), displs.data(), MPI_DOUBLE,
                   MPI_COMM_WORLD);

    std::vector<size_t> position(m);
    for (size_t t = 0; t < m; ++t) position[t] = t;
    for (int q = 0; q < size; ++q) {
        if (q == rank) continue;
        const double *p = sorted.data() + displs[q], *const start = p, *const end = p + counts[q];
        for (size_t t = 0; t < m; ++t) {
            const double v = local[t].value;
            if (q < rank)
                while (p != end && *p <= v) ++p;
            else
                while (p != end && *p < v) ++p;
            position[t] += static_cast<size_t>(p - start);
        }
    }
    for (size_t t = 0; t < m; ++t) ranks[local[t].index] = position[t];

    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_UNSIGNED_LONG_LONG, ranks.data(), counts.data(), displs.data(),
                    MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(ranks.data() + begin, counts[rank], MPI_UNSIGNED_LONG_LONG, nullptr, nullptr, nullptr,
                    MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
}
