void cooToCsr(const std::vector<COOElement> &A, size_t M, std::vector<size_t> &rowPtr,
              std::vector<size_t> &colIdx, std::vector<double> &values) {
    std::vector<COOElement> sorted(A);
    std::sort(sorted.begin(), sorted.end(), [](const COOElement &a, const COOElement &b) {
        return a.row < b.row || (a.row == b.row && a.column < b.column);
    });
    rowPtr.assign(M + 1, 0);
    colIdx.clear();
    values.clear();
    for (size_t k = 0; k < sorted.size(); ++k) {
        const COOElement &e = sorted[k];
        if (k > 0 && sorted[k - 1].row == e.row && sorted[k - 1].column == e.column) {
            values.back() += e.value;
        } else {
            colIdx.push_back(e.column);
            values.push_back(e.value);
            ++rowPtr[e.row + 1];
        }
    }
    for (size_t i = 0; i < M; ++i) rowPtr[i + 1] += rowPtr[i];
}
