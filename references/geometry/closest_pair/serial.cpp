double closestPairDistance(const std::vector<Point> &points) {
    const size_t n = points.size();
    if (n < 2) return 0.0;
    std::vector<Point> p(points);
    std::sort(p.begin(), p.end(), [](const Point &a, const Point &b) { return a.x < b.x; });
    double best = std::numeric_limits<double>::infinity();  // squared distance
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = i + 1; j < n; ++j) {
            const double dx = p[j].x - p[i].x;
            if (dx * dx >= best) break;
            const double dy = p[j].y - p[i].y;
            best = std::min(best, dx * dx + dy * dy);
        }
    }
    return std::sqrt(best);
}
