// Broken on purpose: each rank filters only its own row block into edges; nothing is gathered.
void laplacianEdges(const std::vector<int> &image, std::vector<int> &edges, size_t rows, size_t cols) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (size_t r = rows * rank / size; r < rows * (rank + 1) / size; ++r) {
        const size_t up = r > 0 ? r - 1 : r, down = r + 1 < rows ? r + 1 : r;
        for (size_t c = 0; c < cols; ++c) {
            const size_t left = c > 0 ? c - 1 : c, right = c + 1 < cols ? c + 1 : c;
            const int l = 4 * image[r * cols + c] - image[up * cols + c] - image[down * cols + c] -
                          image[r * cols + left] - image[r * cols + right];
            edges[r * cols + c] = std::min(std::abs(l), 255);
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
