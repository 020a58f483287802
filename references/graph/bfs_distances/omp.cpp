// Level-synchronous top-down BFS, as the MPI reference. At each level the threads share the frontier
// vertices and scan their rows; a newly reached vertex is claimed with an atomic exchange of its visited
// flag, so exactly one thread sets its distance and appends it to its own list of the next frontier.
// Every row is scanned at most once in all, as in the serial BFS. The lists are appended to the next
// frontier under a lock, once per thread and level (the order of a frontier does not matter).
void bfsDistances(const std::vector<int> &adjacency, size_t N, int source, std::vector<int> &distance) {
    distance.assign(N, -1);
    if (N == 0) return;
    std::vector<unsigned char> visited(N, 0);
    std::vector<size_t> frontier{static_cast<size_t>(source)}, next;
    visited[source] = 1;
    distance[source] = 0;
#pragma omp parallel
    {
        std::vector<size_t> mine;
        for (int level = 1;; ++level) {
            mine.clear();
#pragma omp for schedule(static) nowait
            for (size_t f = 0; f < frontier.size(); ++f) {
                const int *row = &adjacency[frontier[f] * N];
                for (size_t u = 0; u < N; ++u) {
                    if (!row[u]) continue;
                    unsigned char was;
#pragma omp atomic capture
                    { was = visited[u]; visited[u] = 1; }
                    if (!was) {
                        distance[u] = level;
                        mine.push_back(u);
                    }
                }
            }
#pragma omp critical
            next.insert(next.end(), mine.begin(), mine.end());
#pragma omp barrier
#pragma omp single
            {
                frontier.swap(next);
                next.clear();
            }
            if (frontier.empty()) break;  // the same on every thread (after the barrier of single)
        }
    }
}
