// Level-synchronous BFS. Each rank owns a block of vertices; at each level it finds which of its
// unvisited vertices have a neighbour on the current frontier (bottom-up step), then the ranks exchange
// their blocks of "reached at this level" flags with MPI_Allgatherv so every rank knows the new frontier.
void bfsDistances(const std::vector<int> &adjacency, size_t N, int source, std::vector<int> &distance) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(N * r / size);
        counts[r] = static_cast<int>(N * (r + 1) / size) - displs[r];
    }
    const size_t begin = static_cast<size_t>(displs[rank]), end = begin + static_cast<size_t>(counts[rank]);
    distance.assign(N, -1);
    distance[source] = 0;
    std::vector<char> frontier(N, 0), next(N, 0);
    frontier[source] = 1;
    for (int level = 0;; ++level) {
        std::vector<char> mine(end - begin, 0);
        for (size_t v = begin; v < end; ++v) {
            if (distance[v] >= 0) continue;
            const int *row = &adjacency[v * N];
            for (size_t u = 0; u < N; ++u)
                if (row[u] && frontier[u]) {
                    mine[v - begin] = 1;
                    break;
                }
        }
        MPI_Allgatherv(mine.data(), counts[rank], MPI_CHAR, next.data(), counts.data(), displs.data(), MPI_CHAR,
                       MPI_COMM_WORLD);
        bool grew = false;
        for (size_t v = 0; v < N; ++v)
            if (next[v]) {
                distance[v] = level + 1;
                grew = true;
            }
        if (!grew) break;
        frontier.swap(next);
    }
}
