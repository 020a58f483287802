#include <omp.h>

// Each thread tallies the endpoints of its block of the edge list into a private, full-length array.
// The threads then split the vertices: each sums its block of vertices over every thread's array (into
// thread 0's array, which so becomes the degree array) while finding the largest degree, and finally bins
// the degrees of its block into a private histogram that is added into counts.
void degreeHistogram(const std::vector<int> &edges, int numVertices, std::vector<size_t> &counts) {
    counts.clear();
    if (numVertices <= 0) return;
    const size_t n = static_cast<size_t>(numVertices);
    const size_t endpoints = edges.size();
    // tally[t]: thread t's endpoint counts; tally[0] ends as the degrees. One slot per thread: a parallel
    // region has at most omp_get_max_threads() threads.
    std::vector<std::vector<int>> tally(static_cast<size_t>(omp_get_max_threads()));
    int maxDegree = 0;
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        std::vector<int> &mine = tally[t];
        mine.assign(n, 0);  // allocated and zeroed by the thread that uses it
        for (size_t e = endpoints * t / T; e < endpoints * (t + 1) / T; ++e)
            ++mine[static_cast<size_t>(edges[e])];
#pragma omp barrier
        // Every vertex belongs to one thread's block here, so writing tally[0][v] races with nothing.
#pragma omp for schedule(static) reduction(max : maxDegree)
        for (size_t v = 0; v < n; ++v) {
            int degree = tally[0][v];
            for (size_t s = 1; s < T; ++s) degree += tally[s][v];
            tally[0][v] = degree;
            maxDegree = std::max(maxDegree, degree);
        }
        // (implicit barrier: every degree and maxDegree are final)
        const size_t bins = static_cast<size_t>(maxDegree) + 1;
#pragma omp single
        counts.assign(bins, 0);
        std::vector<size_t> local(bins, 0);
#pragma omp for schedule(static) nowait
        for (size_t v = 0; v < n; ++v) ++local[static_cast<size_t>(tally[0][v])];
#pragma omp critical
        for (size_t d = 0; d < bins; ++d) counts[d] += local[d];
    }
}
