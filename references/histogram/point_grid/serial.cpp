void pointGridCounts(const std::vector<Point> &points, size_t nx, size_t ny, std::vector<size_t> &grid) {
    grid.assign(nx * ny, 0);
    const double fx = static_cast<double>(nx), fy = static_cast<double>(ny);
    for (const Point &p : points) {
        if (!(p.x >= 0.0 && p.x < fx && p.y >= 0.0 && p.y < fy)) continue;
        const size_t i = static_cast<size_t>(p.x), j = static_cast<size_t>(p.y);
        ++grid[j * nx + i];
    }
}
