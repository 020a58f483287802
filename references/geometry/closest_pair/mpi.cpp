// Every rank sorts its copy by x, then sweeps only its block of starting indices (a pair is found from
// its left point, looking right over the whole array); a MIN reduction combines the partial minima.
double closestPairDistance(const std::vector<Point> &points) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    if (n < 2) return 0.0;
    std::vector<Point> p(points);
    std::sort(p.begin(), p.end(), [](const Point &a, const Point &b) { return a.x < b.x; });
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    double best = std::numeric_limits<double>::infinity();  // squared distance
    for (size_t i = begin; i < end; ++i) {
        for (size_t j = i + 1; j < n; ++j) {
            const double dx = p[j].x - p[i].x;
            if (dx * dx >= best) break;
            const double dy = p[j].y - p[i].y;
            best = std::min(best, dx * dx + dy * dy);
        }
    }
    double global = 0.0;
    MPI_Reduce(&best, &global, 1, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
    return std::sqrt(global);
}
