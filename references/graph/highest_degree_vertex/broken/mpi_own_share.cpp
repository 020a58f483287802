// Broken on purpose: rank 0 returns the best vertex of its own block of rows only.
int highestDegreeVertex(const std::vector<int> &adjacency, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int best = -1, bestDegree = -1;
    for (size_t i = N * rank / size; i < N * (rank + 1) / size; ++i) {
        int degree = 0;
        for (size_t j = 0; j < N; ++j) degree += adjacency[i * N + j];
        if (degree > bestDegree) {
            bestDegree = degree;
            best = static_cast<int>(i);
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    return best;
}
