// Level-synchronous top-down BFS, as the MPI reference. Each rank owns a block of vertices; at each level
// its threads share the frontier vertices it owns and scan their rows, flagging unvisited neighbours
// (atomic byte writes), and one MPI_Allreduce (MAX over the N flags) gives every rank the next frontier.
// Every row is scanned at most once in all. MPI is called by the master thread only, between barriers.
void bfsDistances(const std::vector<int> &adjacency, size_t N, int source, std::vector<int> &distance) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t begin = N * rank / size, end = N * (rank + 1) / size;
    distance.assign(N, -1);
    if (N == 0) return;
    distance[source] = 0;
    std::vector<size_t> frontier{static_cast<size_t>(source)};  // the same on every rank
    std::vector<size_t> owned;                                  // the frontier vertices this rank owns
    if (static_cast<size_t>(source) >= begin && static_cast<size_t>(source) < end) owned.push_back(source);
    std::vector<unsigned char> reached(N, 0), next(N);
#pragma omp parallel
    {
        for (int level = 1;; ++level) {
#pragma omp for schedule(static)
            for (size_t f = 0; f < owned.size(); ++f) {
                const int *row = &adjacency[owned[f] * N];
                for (size_t u = 0; u < N; ++u)
                    if (row[u] && distance[u] < 0) {
#pragma omp atomic write
                        reached[u] = 1;
                    }
            }
#pragma omp master
            {
                MPI_Allreduce(reached.data(), next.data(), static_cast<int>(N), MPI_UNSIGNED_CHAR, MPI_MAX,
                              MPI_COMM_WORLD);
                frontier.clear();
                owned.clear();
                for (size_t u = 0; u < N; ++u)
                    if (next[u]) {
                        distance[u] = level;
                        frontier.push_back(u);
                        if (u >= begin && u < end) owned.push_back(u);
                    }
                std::fill(reached.begin(), reached.end(), 0);
            }
#pragma omp barrier
            if (frontier.empty()) break;  // the same on every thread and every rank
        }
    }
}
