// Each rank scans its block of rows; MPI_MAXLOC keeps the largest degree and, among equal degrees, the
// smallest vertex index, which is exactly the tie rule.
int highestDegreeVertex(const std::vector<int> &adjacency, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t begin = N * rank / size, end = N * (rank + 1) / size;
    struct { int degree; int vertex; } mine = {-1, -1}, best;
    for (size_t i = begin; i < end; ++i) {
        int degree = 0;
        for (size_t j = 0; j < N; ++j) degree += adjacency[i * N + j];
        if (degree > mine.degree) mine = {degree, static_cast<int>(i)};
    }
    MPI_Reduce(&mine, &best, 1, MPI_2INT, MPI_MAXLOC, 0, MPI_COMM_WORLD);
    return rank == 0 ? best.vertex : -1;
}
