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

// A contiguous block of points per rank, handed out to its threads in chunks (a sum reduction); the counts are
// summed on rank 0.
int countPointsInPolygon(const std::vector<Point> &polygon, const std::vector<Point> &points) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    int local = 0;
#pragma omp parallel for schedule(static, 2048) reduction(+ : local)
    for (size_t i = begin; i < end; ++i) local += insidePolygon(polygon, points[i]) ? 1 : 0;
    int total = 0;
    MPI_Reduce(&local, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
