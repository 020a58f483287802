// Bucket sort over the ranks. Every rank already holds all the points, so the ranks agree on size-1
// splitters without a message: each sorts the same regular sample of points and takes the same quantiles.
// Rank r keeps the points between splitters r-1 and r, packed at the front of its own copy of points, and
// sorts them; rank 0 gathers the sorted buckets in rank order straight into points (its own bucket is
// already in place). The result is the only data moved, once, and nothing is merged: the buckets'
// concatenation is sorted. (Splitting the blocks, exchanging them with Alltoallv and merging each bucket's
// runs moved every point twice and kept a rank 0 copy of its block.)
// A closure rather than a function, so that std::sort inlines the comparison (as the serial reference's).
static const auto pointLess = [](const Point &a, const Point &b) -> bool {
    return a.x < b.x || (a.x == b.x && a.y < b.y);
};

void sortPointsByXThenY(std::vector<Point> &points) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();

    // 256 samples per bucket at regular positions: balanced buckets for any order of the points, and the
    // sample's sort costs nothing next to the buckets'.
    std::vector<Point> splitters;
    if (size > 1 && n > 0) {
        const size_t s = std::min(n, static_cast<size_t>(256) * size);
        std::vector<Point> sample(s);
        for (size_t i = 0; i < s; ++i) sample[i] = points[i * n / s];
        std::sort(sample.begin(), sample.end(), pointLess);
        for (int j = 1; j < size; ++j) splitters.push_back(sample[s * j / size]);
    }

    // A point's bucket is the number of splitters not above it. Packing forwards in place is safe: the
    // write position never passes the read position.
    size_t kept = n;
    if (!splitters.empty()) {
        kept = 0;
        for (size_t i = 0; i < n; ++i) {
            const long bucket =
                std::upper_bound(splitters.begin(), splitters.end(), points[i], pointLess) - splitters.begin();
            if (bucket == rank) points[kept++] = points[i];
        }
    }
    std::sort(points.begin(), points.begin() + kept, pointLess);

    // A Point is two doubles: move points as pairs of MPI_DOUBLE.
    const int mine = static_cast<int>(2 * kept);
    std::vector<int> counts(size), displs(size, 0);
    MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, points.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(points.data(), mine, MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
