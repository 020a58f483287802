// Even-odd rule: a horizontal ray from the point crosses the boundary an odd number of times iff inside.
static bool insidePolygon(const std::vector<Point> &polygon, const Point &p) {
    bool inside = false;
    const size_t m = polygon.size();
    for (size_t i = 0, j = m - 1; i < m; j = i++) {
        const Point &a = polygon[i], &b = polygon[j];
        if ((a.y > p.y) != (b.y > p.y)) {
            const double x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (p.x < x) inside = !inside;
        }
    }
    return inside;
}

// Every point is tested independently (O(m) each): the threads take chunks of 2048 points, dealt out
// in turn, and their counts are summed by a reduction.
int countPointsInPolygon(const std::vector<Point> &polygon, const std::vector<Point> &points) {
    const size_t n = points.size();
    int count = 0;
#pragma omp parallel for schedule(static, 2048) reduction(+ : count)
    for (size_t i = 0; i < n; ++i) count += insidePolygon(polygon, points[i]) ? 1 : 0;
    return count;
}
