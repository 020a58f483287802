// Every element depends only on itself and its index: a static schedule gives every thread one block.
void mixWithIndex(std::vector<int64_t> &x) {
    const size_t n = x.size();
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; ++i) x[i] = x[i] * static_cast<int64_t>(i % 5) + static_cast<int64_t>(i);
}
