void pointGridCounts(const std::vector<Point> &points, size_t nx, size_t ny, std::vector<size_t> &grid) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    static_assert(sizeof(size_t) == sizeof(uint64_t), "size_t is sent as MPI_UINT64_T");
    const size_t n = points.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    const double fx = static_cast<double>(nx), fy = static_cast<double>(ny);
    std::vector<size_t> local(nx * ny, 0);
    for (size_t k = begin; k < end; ++k) {
        const Point &p = points[k];
        if (!(p.x >= 0.0 && p.x < fx && p.y >= 0.0 && p.y < fy)) continue;
        ++local[static_cast<size_t>(p.y) * nx + static_cast<size_t>(p.x)];
    }
    grid.assign(nx * ny, 0);
    MPI_Reduce(local.data(), grid.data(), static_cast<int>(nx * ny), MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
}
