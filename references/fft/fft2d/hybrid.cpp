// In-place iterative radix-2 FFT (n a power of two); sign -1 forward, +1 inverse (unnormalised).
static void radix2Fft(std::vector<std::complex<double>> &a, double sign) {
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    const double pi = std::acos(-1.0);
    for (size_t len = 2; len <= n; len <<= 1) {
        const size_t half = len / 2;
        for (size_t k = 0; k < half; ++k) {
            const std::complex<double> w = std::polar(1.0, sign * 2.0 * pi * static_cast<double>(k) / len);
            for (size_t i = 0; i < n; i += len) {
                const std::complex<double> u = a[i + k], v = a[i + k + half] * w;
                a[i + k] = u + v;
                a[i + k + half] = u - v;
            }
        }
    }
}

// Forward 1D DFT of any length: radix-2 FFT for powers of two, direct O(n^2) sum otherwise.
static void forwardDft(std::vector<std::complex<double>> &a) {
    const size_t n = a.size();
    if (n <= 1) return;
    if ((n & (n - 1)) == 0) { radix2Fft(a, -1.0); return; }
    const double pi = std::acos(-1.0);
    std::vector<std::complex<double>> twiddle(n), out(n);
    for (size_t t = 0; t < n; ++t) twiddle[t] = std::polar(1.0, -2.0 * pi * static_cast<double>(t) / n);
    for (size_t k = 0; k < n; ++k) {
        std::complex<double> sum = 0.0;
        for (size_t j = 0; j < n; ++j) sum += a[j] * twiddle[(j * k) % n];
        out[k] = sum;
    }
    a.swap(out);
}

// Each rank transforms a block of rows (handed out one at a time to its threads); an allgather gives every
// rank the row-transformed matrix; each rank then transforms a block of columns (likewise) and sends it
// (column-major) to rank 0, which transposes it into place with its threads. MPI is called outside the
// parallel regions.
void fft2d(std::vector<std::complex<double>> &data, size_t rows, size_t cols) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> rowCounts(size), rowDispls(size), colCounts(size), colDispls(size);
    for (int r = 0; r < size; ++r) {
        rowDispls[r] = static_cast<int>(rows * r / size * cols);
        rowCounts[r] = static_cast<int>(rows * (r + 1) / size * cols) - rowDispls[r];
        colDispls[r] = static_cast<int>(cols * r / size * rows);
        colCounts[r] = static_cast<int>(cols * (r + 1) / size * rows) - colDispls[r];
    }
    const size_t r0 = rows * rank / size, r1 = rows * (rank + 1) / size;
    std::vector<std::complex<double>> mine(data.begin() + r0 * cols, data.begin() + r1 * cols);
#pragma omp parallel
    {
        std::vector<std::complex<double>> line(cols);
#pragma omp for schedule(static, 1)
        for (size_t r = 0; r < r1 - r0; ++r) {
            std::copy(mine.begin() + r * cols, mine.begin() + (r + 1) * cols, line.begin());
            forwardDft(line);
            std::copy(line.begin(), line.end(), mine.begin() + r * cols);
        }
    }
    std::vector<std::complex<double>> work(rows * cols);
    MPI_Allgatherv(mine.data(), rowCounts[rank], MPI_C_DOUBLE_COMPLEX, work.data(), rowCounts.data(),
                   rowDispls.data(), MPI_C_DOUBLE_COMPLEX, MPI_COMM_WORLD);
    const size_t c0 = cols * rank / size, c1 = cols * (rank + 1) / size;
    std::vector<std::complex<double>> colBlock((c1 - c0) * rows);
#pragma omp parallel
    {
        std::vector<std::complex<double>> line(rows);
#pragma omp for schedule(static, 1)
        for (size_t c = c0; c < c1; ++c) {
            for (size_t r = 0; r < rows; ++r) line[r] = work[r * cols + c];
            forwardDft(line);
            std::copy(line.begin(), line.end(), colBlock.begin() + (c - c0) * rows);
        }
    }
    std::vector<std::complex<double>> transposed(rank == 0 ? rows * cols : 0);
    MPI_Gatherv(colBlock.data(), colCounts[rank], MPI_C_DOUBLE_COMPLEX, transposed.data(), colCounts.data(),
                colDispls.data(), MPI_C_DOUBLE_COMPLEX, 0, MPI_COMM_WORLD);
    if (rank == 0) {
#pragma omp parallel for schedule(static)
        for (size_t r = 0; r < rows; ++r)
            for (size_t c = 0; c < cols; ++c) data[r * cols + c] = transposed[c * rows + r];
    }
}
