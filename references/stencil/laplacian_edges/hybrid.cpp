// The rows [first, last) of the response into out (row `first` at out[0]), split among the rank's threads.
static void laplacianRows(const std::vector<int> &image, int *out, size_t rows, size_t cols, size_t first,
                          size_t last) {
#pragma omp parallel for schedule(static)
    for (size_t r = first; r < last; ++r) {
        const size_t up = r > 0 ? r - 1 : r, down = r + 1 < rows ? r + 1 : r;
        for (size_t c = 0; c < cols; ++c) {
            const size_t left = c > 0 ? c - 1 : c, right = c + 1 < cols ? c + 1 : c;
            const int l = 4 * image[r * cols + c] - image[up * cols + c] - image[down * cols + c] -
                          image[r * cols + left] - image[r * cols + right];
            out[(r - first) * cols + c] = std::min(std::abs(l), 255);
        }
    }
}

void laplacianEdges(const std::vector<int> &image, std::vector<int> &edges, size_t rows, size_t cols) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    // Row blocks: rank r owns rows [rows*r/size, rows*(r+1)/size). Every rank holds the whole image, so
    // the rows just outside a block are read directly; only the results travel.
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        const size_t b = rows * r / size, e = rows * (r + 1) / size;
        counts[r] = static_cast<int>((e - b) * cols);
        displs[r] = static_cast<int>(b * cols);
    }
    const size_t first = rows * rank / size, last = rows * (rank + 1) / size;
    std::vector<int> local((last - first) * cols);
    laplacianRows(image, local.data(), rows, cols, first, last);
    MPI_Gatherv(local.data(), counts[rank], MPI_INT, edges.data(), counts.data(), displs.data(), MPI_INT, 0,
                MPI_COMM_WORLD);
}
