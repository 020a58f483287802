// Every rank sorts its copy by x (same order everywhere), answers a block of the sorted positions and
// the blocks (of different lengths) are gathered on rank 0, which puts them back in input order.
void nearestNeighborDistances(const std::vector<Point> &points, std::vector<double> &distances) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    distances.assign(n, 0.0);
    if (n < 2) return;
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return points[a].x < points[b].x || (points[a].x == points[b].x && a < b);
    });
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<double> local(end - begin);
    for (size_t s = begin; s < end; ++s) {
        const Point &p = points[order[s]];
        double best = std::numeric_limits<double>::infinity();
        for (size_t t = s + 1; t < n; ++t) {
            const double dx = points[order[t]].x - p.x;
            if (dx * dx >= best) break;
            const double dy = points[order[t]].y - p.y;
            best = std::min(best, dx * dx + dy * dy);
        }
        for (size_t t = s; t-- > 0;) {
            const double dx = p.x - points[order[t]].x;
            if (dx * dx >= best) break;
            const double dy = points[order[t]].y - p.y;
            best = std::min(best, dx * dx + dy * dy);
        }
        local[s - begin] = std::sqrt(best);
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    std::vector<double> sorted(rank == 0 ? n : 0);
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_DOUBLE, sorted.data(), counts.data(),
                displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank == 0)
        for (size_t s = 0; s < n; ++s) distances[order[s]] = sorted[s];
}
