void spmvCoo(const std::vector<COOElement> &A, const std::vector<double> &x, std::vector<double> &y,
             size_t M, size_t N) {
    (void)N;
    y.assign(M, 0.0);
    for (const COOElement &e : A) y[e.row] += e.value * x[e.column];
}
