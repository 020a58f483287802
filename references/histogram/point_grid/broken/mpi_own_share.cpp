// Broken on purpose: rank 0 bins only its own block of points; the partial grids are never summed.
void pointGridCounts(const std::vector<Point> &points, size_t nx, size_t ny, std::vector<size_t> &grid) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    grid.assign(nx * ny, 0);
    for (size_t k = n * rank / size; k < n * (rank + 1) / size; ++k) {
        const Point &p = points[k];
        if (p.x >= 0.0 && p.x < static_cast<double>(nx) && p.y >= 0.0 && p.y < static_cast<double>(ny))
            ++grid[static_cast<size_t>(p.y) * nx + static_cast<size_t>(p.x)];
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
