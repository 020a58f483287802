// Every output pixel depends only on the image: the rows are split into contiguous blocks, one per thread.
void laplacianEdges(const std::vector<int> &image, std::vector<int> &edges, size_t rows, size_t cols) {
#pragma omp parallel for schedule(static)
    for (size_t r = 0; r < rows; ++r) {
        const size_t up = r > 0 ? r - 1 : r, down = r + 1 < rows ? r + 1 : r;
        for (size_t c = 0; c < cols; ++c) {
            const size_t left = c > 0 ? c - 1 : c, right = c + 1 < cols ? c + 1 : c;
            const int l = 4 * image[r * cols + c] - image[up * cols + c] - image[down * cols + c] -
                          image[r * cols + left] - image[r * cols + right];
            edges[r * cols + c] = std::min(std::abs(l), 255);
        }
    }
}
