// Broken on purpose: each rank fills only its own block of distances; the blocks are never gathered.
void nearestNeighborDistances(const std::vector<Point> &points, std::vector<double> &distances) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    distances.assign(n, 0.0);
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return points[a].x < points[b].x; });
    for (size_t s = n * rank / size; s < n * (rank + 1) / size && n > 1; ++s) {
        const Point &p = points[order[s]];
        double best = std::numeric_limits<double>::infinity();
        for (size_t t = s + 1; t < n; ++t) {
            const double dx = points[order[t]].x - p.x, dy = points[order[t]].y - p.y;
            if (dx * dx >= best) break;
            best = std::min(best, dx * dx + dy * dy);
        }
        for (size_t t = s; t-- > 0;) {
            const double dx = p.x - points[order[t]].x, dy = points[order[t]].y - p.y;
            if (dx * dx >= best) break;
            best = std::min(best, dx * dx + dy * dy);
        }
        distances[order[s]] = std::sqrt(best);
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
