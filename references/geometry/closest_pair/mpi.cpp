// Slabs in x: the ranks agree on size-1 splitters taken from a regular sample of the x coordinates (the
// same on every rank; 1024 per rank, so that no slab is more than a few per cent larger than another), each rank picks out the points of its own slab, sorts them by x and sweeps them.
// A closer pair across a splitter s has both points within the best distance d found inside the slabs
// of s, so after one MIN all-reduce of d, rank r also sweeps the strip |x - s_r| <= d around its right
// splitter. A MIN reduction combines the results on rank 0. Every rank sorts only its own slab.
static double sweepSquared(std::vector<Point> &p) {  // smallest squared distance among p (sorted here)
    std::sort(p.begin(), p.end(), [](const Point &a, const Point &b) { return a.x < b.x; });
    double best = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < p.size(); ++i) {
        for (size_t j = i + 1; j < p.size(); ++j) {
            const double dx = p[j].x - p[i].x;
            if (dx * dx >= best) break;
            const double dy = p[j].y - p[i].y;
            best = std::min(best, dx * dx + dy * dy);
        }
    }
    return best;
}

double closestPairDistance(const std::vector<Point> &points) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    if (n < 2) return 0.0;
    const size_t samples = std::min(n, static_cast<size_t>(1024) * static_cast<size_t>(size));
    std::vector<double> sample(samples);
    for (size_t i = 0; i < samples; ++i) sample[i] = points[i * n / samples].x;
    std::sort(sample.begin(), sample.end());
    std::vector<double> split(size > 1 ? size - 1 : 0);
    for (int r = 0; r + 1 < size; ++r) split[r] = sample[(r + 1) * samples / size];
    const double inf = std::numeric_limits<double>::infinity();
    const double lo = rank == 0 ? -inf : split[rank - 1], hi = rank == size - 1 ? inf : split[rank];
    std::vector<Point> slab;
    slab.reserve(n / size + n / 16 + 1);
    for (const Point &p : points)
        if (p.x >= lo && (p.x < hi || rank == size - 1)) slab.push_back(p);
    double best = sweepSquared(slab);  // squared distances from here on
    double inside = 0.0;
    MPI_Allreduce(&best, &inside, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    if (rank + 1 < size && inside > 0.0) {
        const double s = split[rank];
        std::vector<Point> strip;
        for (const Point &p : points)
            if ((p.x - s) * (p.x - s) <= inside) strip.push_back(p);
        best = std::min(best, sweepSquared(strip));
    }
    double global = 0.0;
    MPI_Reduce(&best, &global, 1, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
    return std::sqrt(global);
}
