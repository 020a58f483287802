#include <omp.h>

// Each rank counts its block of points, split again among its threads: every thread counts into a private
// grid, the threads' grids are added into the rank's, and MPI_Reduce sums the ranks' grids on rank 0.
void pointGridCounts(const std::vector<Point> &points, size_t nx, size_t ny, std::vector<size_t> &grid) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    static_assert(sizeof(size_t) == sizeof(uint64_t), "size_t is sent as MPI_UINT64_T");
    const size_t cells = nx * ny;
    const size_t n = points.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    const double fx = static_cast<double>(nx), fy = static_cast<double>(ny);
    std::vector<size_t> rankGrid(cells, 0);
#pragma omp parallel
    {
        std::vector<size_t> local(cells, 0);
#pragma omp for schedule(static) nowait
        for (size_t k = begin; k < end; ++k) {
            const Point &p = points[k];
            if (!(p.x >= 0.0 && p.x < fx && p.y >= 0.0 && p.y < fy)) continue;
            ++local[static_cast<size_t>(p.y) * nx + static_cast<size_t>(p.x)];
        }
#pragma omp critical
        for (size_t c = 0; c < cells; ++c) rankGrid[c] += local[c];
    }
    grid.assign(cells, 0);
    MPI_Reduce(rankGrid.data(), grid.data(), static_cast<int>(cells), MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
}
