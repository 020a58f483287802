void jacobiIterations(const std::vector<COOElement> &A, const std::vector<double> &b, std::vector<double> &x,
                      size_t N, int iterations) {
    std::vector<double> diagonal(N, 0.0);
    std::vector<COOElement> offDiagonal;
    for (const COOElement &e : A) {
        if (e.row == e.column) diagonal[e.row] += e.value;
        else offDiagonal.push_back(e);
    }
    std::vector<double> next(N);
    for (int it = 0; it < iterations; ++it) {
        next = b;
        for (const COOElement &e : offDiagonal) next[e.row] -= e.value * x[e.column];
        for (size_t i = 0; i < N; ++i) next[i] /= diagonal[i];
        x.swap(next);
    }
}
