void nearestNeighborDistances(const std::vector<Point> &points, std::vector<double> &distances) {
    const size_t n = points.size();
    distances.assign(n, 0.0);
    if (n < 2) return;
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return points[a].x < points[b].x; });
    for (size_t s = 0; s < n; ++s) {
        const Point &p = points[order[s]];
        double best = std::numeric_limits<double>::infinity();  // squared
        for (size_t t = s + 1; t < n; ++t) {
            const double dx = points[order[t]].x - p.x;
            if (dx * dx >= best) break;
            const double dy = points[order[t]].y - p.y;
            best = std::min(best, dx * dx + dy * dy);
        }
        for (size_t t = s; t-- > 0;) {
            const double dx = p.x - points[order[t]].x;
            if (dx * dx >= best) break;
            const double dy = points[order[t]].y - p.y;
            best = std::min(best, dx * dx + dy * dy);
        }
        distances[order[s]] = std::sqrt(best);
    }
}
