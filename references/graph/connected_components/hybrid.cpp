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
// Each rank builds a union-find forest from the edges in its block of rows: its threads each build one
// from a share of the block (dealt out in turn in small chunks), and these are merged into the
// rank's forest. The rank forests are gathered on rank 0, which merges them the same way: uniting every
// vertex with its parent in each partial forest yields the components of the whole graph.
int countConnectedComponents(const std::vector<int> &adjacency, size_t N) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int n = static_cast<int>(N);
    const size_t begin = N * rank / size, end = N * (rank + 1) / size;
    std::vector<std::vector<int>> forest;
#pragma omp parallel
    {
#pragma omp single
        forest.resize(static_cast<size_t>(omp_get_num_threads()));
        std::vector<int> parent(N);
        std::iota(parent.begin(), parent.end(), 0);
#pragma omp for schedule(static, 16) nowait
        for (size_t i = begin; i < end; ++i)
            for (size_t j = i + 1; j < N; ++j)
                if (adjacency[i * N + j]) unite(parent, static_cast<int>(i), static_cast<int>(j));
        for (int v = 0; v < n; ++v) parent[v] = findRoot(parent, v);
        forest[omp_get_thread_num()].swap(parent);
    }
    std::vector<int> &parent = forest[0];
    for (size_t t = 1; t < forest.size(); ++t)
        for (int v = 0; v < n; ++v) unite(parent, v, forest[t][v]);
    for (int v = 0; v < n; ++v) parent[v] = findRoot(parent, v);
    std::vector<int> all(rank == 0 ? N * size : 0);
    MPI_Gather(parent.data(), n, MPI_INT, all.data(), n, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank != 0) return 0;
    for (int r = 1; r < size; ++r)
        for (int v = 0; v < n; ++v) unite(parent, v, all[static_cast<size_t>(r) * N + v]);
    int components = 0;
    for (int v = 0; v < n; ++v) components += findRoot(parent, v) == v ? 1 : 0;
    return components;
}
