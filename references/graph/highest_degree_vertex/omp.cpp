#include <omp.h>

// The threads take equal contiguous blocks of rows; each keeps the best (degree, vertex) of its block in
// a slot of its own, and the slots are combined afterwards with the tie rule (largest degree, then the
// smallest vertex).
int highestDegreeVertex(const std::vector<int> &adjacency, size_t N) {
    std::vector<std::pair<int, int>> perThread;  // (degree, vertex)
#pragma omp parallel
    {
#pragma omp single
        perThread.assign(static_cast<size_t>(omp_get_num_threads()), {-1, -1});
        int best = -1, bestDegree = -1;
#pragma omp for schedule(static) nowait
        for (size_t i = 0; i < N; ++i) {
            int degree = 0;
            for (size_t j = 0; j < N; ++j) degree += adjacency[i * N + j];
            if (degree > bestDegree) {
                bestDegree = degree;
                best = static_cast<int>(i);
            }
        }
        perThread[omp_get_thread_num()] = {bestDegree, best};
    }
    int best = -1, bestDegree = -1;
    for (const auto &[degree, vertex] : perThread)
        if (vertex >= 0 && (degree > bestDegree || (degree == bestDegree && vertex < best))) {
            bestDegree = degree;
            best = vertex;
        }
    return best;
}
