// Broken on purpose: every rank counts only its own block of points; the counts are never summed.
static bool insidePolygon(const std::vector<Point> &polygon, const Point &p) {
    bool inside = false;
    const size_t m = polygon.size();
    for (size_t i = 0, j = m - 1; i < m; j = i++) {
        const Point &a = polygon[i], &b = polygon[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)) inside = !inside;
    }
    return inside;
}

int countPointsInPolygon(const std::vector<Point> &polygon, const std::vector<Point> &points) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    int local = 0;
    for (size_t i = n * rank / size; i < n * (rank + 1) / size; ++i) local += insidePolygon(polygon, points[i]) ? 1 : 0;
    MPI_Barrier(MPI_COMM_WORLD);
    return local;
}
