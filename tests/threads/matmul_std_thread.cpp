// Threads of its own instead of OpenMP (the prompt forbids it): no region, and their CPU is serial work.
#include <thread>
void denseMatMul(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                 size_t M, size_t K, size_t N) {
    std::fill(C.begin(), C.end(), 0.0);
    auto rows = [&](size_t lo, size_t hi) {
        for (size_t i = lo; i < hi; ++i)
            for (size_t k = 0; k < K; ++k)
                for (size_t j = 0; j < N; ++j) C[i * N + j] += A[i * K + k] * B[k * N + j];
    };
    std::thread other(rows, M / 2, M);
    rows(0, M / 2);
    other.join();
}
