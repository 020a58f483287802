// A contiguous block of points per rank, split again among its threads (min/max reductions); one MIN
// reduction of (xmin, ymin, -xmax, -ymax) combines the ranks on rank 0. Empty blocks contribute +infinity.
void boundingBox(const std::vector<Point> &points, std::vector<double> &box) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    const double inf = std::numeric_limits<double>::infinity();
    double xmin = inf, ymin = inf, negXmax = inf, negYmax = inf;
#pragma omp parallel for schedule(static) reduction(min : xmin, ymin, negXmax, negYmax)
    for (size_t i = begin; i < end; ++i) {
        xmin = std::min(xmin, points[i].x);
        ymin = std::min(ymin, points[i].y);
        negXmax = std::min(negXmax, -points[i].x);
        negYmax = std::min(negYmax, -points[i].y);
    }
    double local[4] = {xmin, ymin, negXmax, negYmax}, global[4];
    MPI_Reduce(local, global, 4, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
    box.assign(4, 0.0);
    if (rank == 0 && n > 0) box = {global[0], global[1], -global[2], -global[3]};
}
