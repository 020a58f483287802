#include <omp.h>

static double turn(const Point &o, const Point &a, const Point &b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

// Andrew's monotone chain, counter-clockwise from the leftmost point; then rotated to start at the
// lowest point.
static std::vector<Point> monotoneChain(std::vector<Point> p) {
    std::sort(p.begin(), p.end(), [](const Point &a, const Point &b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    const size_t n = p.size();
    if (n < 3) return p;
    std::vector<Point> h(2 * n);
    size_t k = 0;
    for (size_t i = 0; i < n; ++i) {
        while (k >= 2 && turn(h[k - 2], h[k - 1], p[i]) <= 0) --k;
        h[k++] = p[i];
    }
    for (size_t i = n - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && turn(h[k - 2], h[k - 1], p[i]) <= 0) --k;
        h[k++] = p[i];
    }
    h.resize(k - 1);
    return h;
}
// Each thread takes the hull of a contiguous block of the points (sorting only its block); every vertex
// of the whole hull is a vertex of its block's hull, so the hull of the union of the partial hulls (a few
// hundred points) is the hull of all points.
void convexHull(const std::vector<Point> &points, std::vector<Point> &hull) {
    const size_t n = points.size();
    std::vector<std::vector<Point>> partial;
#pragma omp parallel
    {
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t t = static_cast<size_t>(omp_get_thread_num());
#pragma omp single
        partial.resize(T);
        const size_t lo = n * t / T, hi = n * (t + 1) / T;
        partial[t] = monotoneChain(std::vector<Point>(points.begin() + lo, points.begin() + hi));
    }
    std::vector<Point> candidates;
    for (const std::vector<Point> &h : partial) candidates.insert(candidates.end(), h.begin(), h.end());
    hull = monotoneChain(candidates);
    auto lowest = std::min_element(hull.begin(), hull.end(), [](const Point &a, const Point &b) {
        return a.y < b.y || (a.y == b.y && a.x < b.x);
    });
    std::rotate(hull.begin(), lowest, hull.end());
}
