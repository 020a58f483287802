// Sample sort: each rank sorts a block, the ranks agree on size-1 splitters chosen from regular
// samples of every block, redistribute with Alltoallv so that rank r owns the r-th key range, merge
// that bucket's sorted runs, and rank 0 gathers the buckets in rank order (their concatenation is sorted).
// A closure rather than a function, so that std::sort inlines the comparison.
static const auto pointLess = [](const Point &a, const Point &b) -> bool {
    return a.x < b.x || (a.x == b.x && a.y < b.y);
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

void sortPointsByXThenY(std::vector<Point> &points) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    std::vector<Point> local(points.begin() + n * rank / size, points.begin() + n * (rank + 1) / size);
    std::sort(local.begin(), local.end(), pointLess);
    const size_t m = local.size();

    // A Point is two doubles: move points as pairs of MPI_DOUBLE.
    std::vector<double> samples;
    if (m > 0)
        for (int i = 1; i < size; ++i) {
            samples.push_back(local[m * i / size].x);
            samples.push_back(local[m * i / size].y);
        }
    int sampleCount = static_cast<int>(samples.size());
    std::vector<int> sampleCounts(size);
    MPI_Allgather(&sampleCount, 1, MPI_INT, sampleCounts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> sampleDispls = displacements(sampleCounts);
    std::vector<Point> allSamples((sampleDispls[size - 1] + sampleCounts[size - 1]) / 2);
    MPI_Allgatherv(samples.data(), sampleCount, MPI_DOUBLE, allSamples.data(), sampleCounts.data(),
                   sampleDispls.data(), MPI_DOUBLE, MPI_COMM_WORLD);
    std::sort(allSamples.begin(), allSamples.end(), pointLess);

    std::vector<size_t> cut(size + 1, 0);
    cut[size] = m;
    for (int j = 1; j < size; ++j) {
        if (allSamples.empty()) continue;
        const Point &splitter = allSamples[allSamples.size() * j / size];
        cut[j] = std::lower_bound(local.begin(), local.end(), splitter, pointLess) - local.begin();
    }
    std::vector<int> sendCounts(size), recvCounts(size);
    for (int j = 0; j < size; ++j) sendCounts[j] = static_cast<int>(2 * (cut[j + 1] - cut[j]));
    MPI_Alltoall(sendCounts.data(), 1, MPI_INT, recvCounts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> sendDispls = displacements(sendCounts), recvDispls = displacements(recvCounts);
    std::vector<Point> bucket((recvDispls[size - 1] + recvCounts[size - 1]) / 2);
    MPI_Alltoallv(local.data(), sendCounts.data(), sendDispls.data(), MPI_DOUBLE, bucket.data(),
                  recvCounts.data(), recvDispls.data(), MPI_DOUBLE, MPI_COMM_WORLD);
    std::vector<size_t> runStarts(size + 1, bucket.size());
    for (int j = 0; j < size; ++j) runStarts[j] = recvDispls[j] / 2;
    mergeRuns(bucket, runStarts, pointLess);

    int count = static_cast<int>(2 * bucket.size());
    std::vector<int> counts(size);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> displs = displacements(counts);
    MPI_Gatherv(bucket.data(), count, MPI_DOUBLE, points.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
