#include <omp.h>

static int findRoot(std::vector<int> &parent, int v) {
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

static void unite(std::vector<int> &parent, int a, int b) {
    a = findRoot(parent, a);
    b = findRoot(parent, b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
}
// Each thread builds a union-find forest from the edges of its share of the rows (rows near the top have
// more entries j > i, so they are dealt out in turn in small chunks, a static schedule), then flattens it. The forests
// are merged afterwards, in thread order: uniting every vertex with its root in each other forest yields
// the components of the whole graph (O(N) per thread, against O(N^2 / 2) for the scan).
int countConnectedComponents(const std::vector<int> &adjacency, size_t N) {
    const int n = static_cast<int>(N);
    std::vector<std::vector<int>> forest;
#pragma omp parallel
    {
#pragma omp single
        forest.resize(static_cast<size_t>(omp_get_num_threads()));
        std::vector<int> parent(N);
        std::iota(parent.begin(), parent.end(), 0);
#pragma omp for schedule(static, 16) nowait
        for (size_t i = 0; i < N; ++i)
            for (size_t j = i + 1; j < N; ++j)
                if (adjacency[i * N + j]) unite(parent, static_cast<int>(i), static_cast<int>(j));
        for (int v = 0; v < n; ++v) parent[v] = findRoot(parent, v);
        forest[omp_get_thread_num()].swap(parent);
    }
    std::vector<int> &parent = forest[0];
    for (size_t t = 1; t < forest.size(); ++t)
        for (int v = 0; v < n; ++v) unite(parent, v, forest[t][v]);
    int components = 0;
    for (int v = 0; v < n; ++v) components += findRoot(parent, v) == v ? 1 : 0;
    return components;
}
