// Broken on purpose: each rank boxes only its own block of points and nobody combines the boxes.
void boundingBox(const std::vector<Point> &points, std::vector<double> &box) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    box.assign(4, 0.0);
    if (begin < end) {
        box = {points[begin].x, points[begin].y, points[begin].x, points[begin].y};
        for (size_t i = begin; i < end; ++i) {
            box[0] = std::min(box[0], points[i].x);
            box[1] = std::min(box[1], points[i].y);
            box[2] = std::max(box[2], points[i].x);
            box[3] = std::max(box[3], points[i].y);
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
