void bfsDistances(const std::vector<int> &adjacency, size_t N, int source, std::vector<int> &distance) {
    distance.assign(N, -1);
    std::vector<size_t> queue;
    queue.reserve(N);
    distance[source] = 0;
    queue.push_back(static_cast<size_t>(source));
    for (size_t head = 0; head < queue.size(); ++head) {
        const size_t v = queue[head];
        for (size_t u = 0; u < N; ++u)
            if (adjacency[v * N + u] && distance[u] < 0) {
                distance[u] = distance[v] + 1;
                queue.push_back(u);
            }
    }
}
