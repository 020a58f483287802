int countConnectedComponents(const std::vector<int> &adjacency, size_t N) {
    std::vector<char> seen(N, 0);
    std::vector<size_t> stack;
    int components = 0;
    for (size_t start = 0; start < N; ++start) {
        if (seen[start]) continue;
        ++components;
        seen[start] = 1;
        stack.push_back(start);
        while (!stack.empty()) {
            const size_t v = stack.back();
            stack.pop_back();
            for (size_t u = 0; u < N; ++u)
                if (adjacency[v * N + u] && !seen[u]) {
                    seen[u] = 1;
                    stack.push_back(u);
                }
        }
    }
    return components;
}
