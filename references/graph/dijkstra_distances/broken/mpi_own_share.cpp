// Broken on purpose: the distances are computed correctly, but rank 0 keeps only its own block of
// them; the other entries stay -1 because the blocks are never gathered.
void shortestPathLengths(const std::vector<double> &weights, size_t N, int source, std::vector<double> &distance) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t begin = N * rank / size, end = N * (rank + 1) / size;
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> best(N, inf);
    std::vector<char> done(N, 0);
    best[source] = 0.0;
    for (size_t step = 0; step < N; ++step) {
        size_t u = N;
        for (size_t v = 0; v < N; ++v)
            if (!done[v] && best[v] < inf && (u == N || best[v] < best[u])) u = v;
        if (u == N) break;
        done[u] = 1;
        for (size_t v = 0; v < N; ++v)
            if (weights[u * N + v] > 0.0 && best[u] + weights[u * N + v] < best[v]) best[v] = best[u] + weights[u * N + v];
    }
    distance.assign(N, -1.0);
    for (size_t v = begin; v < end; ++v)
        if (best[v] < inf) distance[v] = best[v];
    MPI_Barrier(MPI_COMM_WORLD);
}
