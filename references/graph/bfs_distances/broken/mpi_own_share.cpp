// Broken on purpose: every rank runs the BFS only over its own block of vertices (edges leaving the
// block are ignored) and nothing is exchanged.
void bfsDistances(const std::vector<int> &adjacency, size_t N, int source, std::vector<int> &distance) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t begin = N * rank / size, end = N * (rank + 1) / size;
    distance.assign(N, -1);
    distance[source] = 0;
    std::vector<size_t> queue(1, static_cast<size_t>(source));
    for (size_t head = 0; head < queue.size(); ++head) {
        const size_t v = queue[head];
        for (size_t u = begin; u < end; ++u)
            if (adjacency[v * N + u] && distance[u] < 0) {
                distance[u] = distance[v] + 1;
                queue.push_back(u);
            }
    }
    MPI_Barrier(MPI_COMM_WORLD);
}
