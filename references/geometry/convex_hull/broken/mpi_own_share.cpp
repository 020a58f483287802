// Broken on purpose: each rank returns the hull of its own block only; partial hulls are never merged.
static double turn(const Point &o, const Point &a, const Point &b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

void convexHull(const std::vector<Point> &points, std::vector<Point> &hull) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    std::vector<Point> p(points.begin() + n * rank / size, points.begin() + n * (rank + 1) / size);
    std::sort(p.begin(), p.end(), [](const Point &a, const Point &b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    hull = p;
    if (p.size() >= 3) {
        std::vector<Point> h(2 * p.size());
        size_t k = 0;
        for (size_t i = 0; i < p.size(); ++i) {
            while (k >= 2 && turn(h[k - 2], h[k - 1], p[i]) <= 0) --k;
            h[k++] = p[i];
        }
        for (size_t i = p.size() - 1, lower = k + 1; i-- > 0;) {
            while (k >= lower && turn(h[k - 2], h[k - 1], p[i]) <= 0) --k;
            h[k++] = p[i];
        }
        h.resize(k - 1);
        hull = h;
    }
    if (!hull.empty()) {
        auto lowest = std::min_element(hull.begin(), hull.end(), [](const Point &a, const Point &b) {
            return a.y < b.y || (a.y == b.y && a.x < b.x);
        });
        std::rotate(hull.begin(), lowest, hull.end());
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
