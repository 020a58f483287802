// Dense Dijkstra: O(N^2), picking the closest unfinished vertex by a linear scan.
void shortestPathLengths(const std::vector<double> &weights, size_t N, int source, std::vector<double> &distance) {
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
        for (size_t v = 0; v < N; ++v) {
            const double w = weights[u * N + v];
            if (w > 0.0 && best[u] + w < best[v]) best[v] = best[u] + w;
        }
    }
    distance.assign(N, -1.0);
    for (size_t v = 0; v < N; ++v)
        if (best[v] < inf) distance[v] = best[v];
}
