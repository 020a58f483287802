// One pass: each thread takes a contiguous block of points and keeps its own minima and maxima, which
// min/max reductions combine (exact, in any order).
void boundingBox(const std::vector<Point> &points, std::vector<double> &box) {
    box.assign(4, 0.0);
    const size_t n = points.size();
    if (n == 0) return;
    const double inf = std::numeric_limits<double>::infinity();
    double xmin = inf, ymin = inf, xmax = -inf, ymax = -inf;
#pragma omp parallel for schedule(static) reduction(min : xmin, ymin) reduction(max : xmax, ymax)
    for (size_t i = 0; i < n; ++i) {
        xmin = std::min(xmin, points[i].x);
        ymin = std::min(ymin, points[i].y);
        xmax = std::max(xmax, points[i].x);
        ymax = std::max(ymax, points[i].y);
    }
    box = {xmin, ymin, xmax, ymax};
}
