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
// The hull of points[begin, end): each thread takes the hull of a contiguous sub-block, and the hull of
// the union of those partial hulls is the hull of the block.
static std::vector<Point> blockHull(const std::vector<Point> &points, size_t begin, size_t end) {
    std::vector<std::vector<Point>> partial;
#pragma omp parallel
    {
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t t = static_cast<size_t>(omp_get_thread_num());
#pragma omp single
        partial.resize(T);
        const size_t lo = begin + (end - begin) * t / T, hi = begin + (end - begin) * (t + 1) / T;
        partial[t] = monotoneChain(std::vector<Point>(points.begin() + lo, points.begin() + hi));
    }
    std::vector<Point> candidates;
    for (const std::vector<Point> &h : partial) candidates.insert(candidates.end(), h.begin(), h.end());
    return monotoneChain(candidates);
}

// Each rank takes the hull of its block (with its threads); the partial hulls (of different sizes) are
// gathered on rank 0, whose hull of their union is the hull of all points.
void convexHull(const std::vector<Point> &points, std::vector<Point> &hull) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<Point> local = blockHull(points, begin, end);
    int mine = static_cast<int>(2 * local.size());  // counted in doubles
    std::vector<int> counts(size), displs(size, 0);
    MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
    std::vector<Point> candidates(rank == 0 ? (displs[size - 1] + counts[size - 1]) / 2 : 0);
    std::vector<double> send(mine);
    for (size_t i = 0; i < local.size(); ++i) send[2 * i] = local[i].x, send[2 * i + 1] = local[i].y;
    std::vector<double> recv(2 * candidates.size());
    MPI_Gatherv(send.data(), mine, MPI_DOUBLE, recv.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    hull.clear();
    if (rank != 0) return;
    for (size_t i = 0; i < candidates.size(); ++i) candidates[i] = Point{recv[2 * i], recv[2 * i + 1]};
    hull = monotoneChain(candidates);
    auto lowest = std::min_element(hull.begin(), hull.end(), [](const Point &a, const Point &b) {
        return a.y < b.y || (a.y == b.y && a.x < b.x);
    });
    std::rotate(hull.begin(), lowest, hull.end());
}
