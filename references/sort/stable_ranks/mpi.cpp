// Sample sort of (value, index) pairs, which are all distinct under the lexicographic order, so the
// sorted order is exactly the stable order of the values. Each rank sorts a block, the ranks agree on
// splitters from regular samples, redistribute with Alltoallv so that rank r owns the r-th bucket,
// merge its sorted runs, and rank 0 gathers the indices bucket by bucket: the t-th gathered index has rank t.
struct RankPair {
    double value;
    unsigned long long index;
};

// A closure rather than a function, so that std::sort inlines the comparison.
static const auto pairLess = [](const RankPair &a, const RankPair &b) -> bool {
    return a.value < b.value || (a.value == b.value && a.index < b.index);
};

// The bucket is the concatenation of one sorted run from every rank (bounds: where each run starts, then
// the end): merge neighbouring runs pairwise, O(m log size), instead of sorting the bucket again.
template <class T, class Less>
static void mergeRuns(std::vector<T> &v, std::vector<size_t> bounds, Less less) {
    while (bounds.size() > 2) {
        const size_t runs = bounds.size() - 1;
        std::vector<size_t> merged{bounds[0]};
        for (size_t i = 0; i + 2 <= runs; i += 2) {
            std::inplace_merge(v.begin() + bounds[i], v.begin() + bounds[i + 1], v.begin() + bounds[i + 2], less);
            merged.push_back(bounds[i + 2]);
        }
        if (runs % 2 == 1) merged.push_back(bounds[runs]);
        bounds.swap(merged);
    }
}

static std::vector<int> displacements(const std::vector<int> &counts) {
    std::vector<int> displs(counts.size(), 0);
    for (size_t r = 1; r < counts.size(); ++r) displs[r] = displs[r - 1] + counts[r - 1];
    return displs;
}

void computeRanks(const std::vector<double> &x, std::vector<size_t> &ranks) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<RankPair> local;
    for (size_t i = begin; i < end; ++i) local.push_back({x[i], i});
    std::sort(local.begin(), local.end(), pairLess);
    const size_t m = local.size();

    // Regular samples: size-1 from every non-empty block, shared with everybody.
    std::vector<RankPair> samples;
    if (m > 0)
        for (int i = 1; i < size; ++i) samples.push_back(local[m * i / size]);
    int sampleBytes = static_cast<int>(samples.size() * sizeof(RankPair));
    std::vector<int> allBytes(size);
    MPI_Allgather(&sampleBytes, 1, MPI_INT, allBytes.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> sampleDispls = displacements(allBytes);
    std::vector<RankPair> allSamples((sampleDispls[size - 1] + allBytes[size - 1]) / sizeof(RankPair));
    MPI_Allgatherv(samples.data(), sampleBytes, MPI_BYTE, allSamples.data(), allBytes.data(),
                   sampleDispls.data(), MPI_BYTE, MPI_COMM_WORLD);
    std::sort(allSamples.begin(), allSamples.end(), pairLess);

    // Bucket j gets the pairs in [splitter j-1, splitter j).
    std::vector<size_t> cut(size + 1, 0);
    cut[size] = m;
    for (int j = 1; j < size; ++j) {
        if (allSamples.empty()) continue;
        const RankPair &splitter = allSamples[allSamples.size() * j / size];
        cut[j] = std::lower_bound(local.begin(), local.end(), splitter, pairLess) - local.begin();
    }
    std::vector<int> sendBytes(size), recvBytes(size);
    for (int j = 0; j < size; ++j) sendBytes[j] = static_cast<int>((cut[j + 1] - cut[j]) * sizeof(RankPair));
    MPI_Alltoall(sendBytes.data(), 1, MPI_INT, recvBytes.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> sendDispls = displacements(sendBytes), recvDispls = displacements(recvBytes);
    std::vector<RankPair> bucket((recvDispls[size - 1] + recvBytes[size - 1]) / sizeof(RankPair));
    MPI_Alltoallv(local.data(), sendBytes.data(), sendDispls.data(), MPI_BYTE, bucket.data(),
                  recvBytes.data(), recvDispls.data(), MPI_BYTE, MPI_COMM_WORLD);
    std::vector<size_t> runStarts(size + 1, bucket.size());
    for (int j = 0; j < size; ++j) runStarts[j] = recvDispls[j] / sizeof(RankPair);
    mergeRuns(bucket, runStarts, pairLess);

    // Rank 0 collects the indices in global sorted order.
    std::vector<unsigned long long> indices(bucket.size());
    for (size_t t = 0; t < bucket.size(); ++t) indices[t] = bucket[t].index;
    int count = static_cast<int>(indices.size());
    std::vector<int> counts(size);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> displs = displacements(counts);
    std::vector<unsigned long long> order(rank == 0 ? n : 0);
    MPI_Gatherv(indices.data(), count, MPI_UNSIGNED_LONG_LONG, order.data(), counts.data(), displs.data(),
                MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        ranks.assign(n, 0);
        for (size_t t = 0; t < n; ++t) ranks[order[t]] = t;
    }
}
