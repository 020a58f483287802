#include <omp.h>

// Each rank scans its block of rows, split again among its threads (each keeps the best of its share in a
// slot of its own, combined with the tie rule); MPI_MAXLOC keeps the largest degree and, among equal
// degrees, the smallest vertex index, which is exactly the tie rule.
int highestDegreeVertex(const std::vector<int> &adjacency, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t begin = N * rank / size, end = N * (rank + 1) / size;
    std::vector<std::pair<int, int>> perThread;  // (degree, vertex)
#pragma omp parallel
    {
#pragma omp single
        perThread.assign(static_cast<size_t>(omp_get_num_threads()), {-1, -1});
        int best = -1, bestDegree = -1;
#pragma omp for schedule(static) nowait
        for (size_t i = begin; i < end; ++i) {
            int degree = 0;
            for (size_t j = 0; j < N; ++j) degree += adjacency[i * N + j];
            if (degree > bestDegree) {
                bestDegree = degree;
                best = static_cast<int>(i);
            }
        }
        perThread[omp_get_thread_num()] = {bestDegree, best};
    }
    struct { int degree; int vertex; } mine = {-1, -1}, best;
    for (const auto &[degree, vertex] : perThread)
        if (vertex >= 0 && (degree > mine.degree || (degree == mine.degree && vertex < mine.vertex)))
            mine = {degree, vertex};
    MPI_Reduce(&mine, &best, 1, MPI_2INT, MPI_MAXLOC, 0, MPI_COMM_WORLD);
    return rank == 0 ? best.vertex : -1;
}
