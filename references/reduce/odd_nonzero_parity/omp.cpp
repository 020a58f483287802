// Each thread takes the parity of its block's nonzero count; XOR combines the parities (an integer
// reduction: OpenMP has no logical-XOR operator, and the result does not depend on the order).
bool oddNonzeroParity(const std::vector<int> &x) {
    const size_t n = x.size();
    int odd = 0;
#pragma omp parallel for schedule(static) reduction(^ : odd)
    for (size_t i = 0; i < n; ++i) odd ^= (x[i] != 0);
    return odd != 0;
}
