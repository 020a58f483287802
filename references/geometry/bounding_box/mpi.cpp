void boundingBox(const std::vector<Point> &points, std::vector<double> &box) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    // Minimise (xmin, ymin, -xmax, -ymax) in one reduction; empty blocks contribute +infinity.
    const double inf = std::numeric_limits<double>::infinity();
    double local[4] = {inf, inf, inf, inf};
    for (size_t i = begin; i < end; ++i) {
        local[0] = std::min(local[0], points[i].x);
        local[1] = std::min(local[1], points[i].y);
        local[2] = std::min(local[2], -points[i].x);
        local[3] = std::min(local[3], -points[i].y);
    }
    double global[4];
    MPI_Reduce(local, global, 4, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
    box.assign(4, 0.0);
    if (rank == 0 && n > 0) box = {global[0], global[1], -global[2], -global[3]};
}
