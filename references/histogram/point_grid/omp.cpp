#include <omp.h>

// Each thread counts its block of points into a private grid; the private grids are then added into grid,
// one thread at a time (nx*ny additions per thread, against n/T points).
void pointGridCounts(const std::vector<Point> &points, size_t nx, size_t ny, std::vector<size_t> &grid) {
    const size_t cells = nx * ny;
    const size_t n = points.size();
    grid.assign(cells, 0);
    const double fx = static_cast<double>(nx), fy = static_cast<double>(ny);
#pragma omp parallel
    {
        std::vector<size_t> local(cells, 0);
#pragma omp for schedule(static) nowait
        for (size_t k = 0; k < n; ++k) {
            const Point &p = points[k];
            if (!(p.x >= 0.0 && p.x < fx && p.y >= 0.0 && p.y < fy)) continue;
            ++local[static_cast<size_t>(p.y) * nx + static_cast<size_t>(p.x)];
        }
#pragma omp critical
        for (size_t c = 0; c < cells; ++c) grid[c] += local[c];
    }
}
