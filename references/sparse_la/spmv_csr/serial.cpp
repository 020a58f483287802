void spmvCsr(const std::vector<size_t> &rowPtr, const std::vector<size_t> &colIdx,
             const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y,
             size_t M, size_t N) {
    (void)N;
    y.assign(M, 0.0);
    for (size_t i = 0; i < M; ++i) {
        double sum = 0.0;
        for (size_t k = rowPtr[i]; k < rowPtr[i + 1]; ++k) sum += values[k] * x[colIdx[k]];
        y[i] = sum;
    }
}
