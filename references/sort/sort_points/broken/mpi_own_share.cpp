// Broken on purpose: every rank sorts its own block of points in place; rank 0 never sees the others'.
void sortPointsByXThenY(std::vector<Point> &points) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    std::sort(points.begin() + n * rank / size, points.begin() + n * (rank + 1) / size,
              [](const Point &a, const Point &b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    MPI_Barrier(MPI_COMM_WORLD);
}
