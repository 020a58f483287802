#include <omp.h>

// Dense Dijkstra with the vertices split into one contiguous block per thread, as the MPI reference splits
// them among ranks. Every step each thread proposes the closest unfinished vertex of its block in a slot
// of its own; after a barrier every thread reads all the slots and picks the same vertex (the smallest
// distance, the lowest index among equals, as the serial scan), and relaxes the edges from it into its own
// block. Only the owner of a vertex ever touches its distance. The slots are double-buffered by the parity
// of the step, so one barrier per step suffices: a slot is rewritten two steps later, after every thread
// has passed the next barrier and so finished reading it.
void shortestPathLengths(const std::vector<double> &weights, size_t N, int source, std::vector<double> &distance) {
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> best(N, inf);
    std::vector<char> done(N, 0);
    best[source] = 0.0;
    struct alignas(64) Candidate {  // one cache line each: no false sharing between the threads' slots
        double value;
        size_t vertex;
    };
    std::vector<Candidate> slots;
#pragma omp parallel
    {
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t t = static_cast<size_t>(omp_get_thread_num());
#pragma omp single
        slots.assign(2 * T, Candidate{inf, N});
        const size_t lo = N * t / T, hi = N * (t + 1) / T;
        for (size_t step = 0; step < N; ++step) {
            Candidate mine{inf, N};
            for (size_t v = lo; v < hi; ++v)
                if (!done[v] && best[v] < mine.value) mine = Candidate{best[v], v};
            Candidate *slot = slots.data() + (step & 1) * T;
            slot[t] = mine;
#pragma omp barrier
            Candidate chosen{inf, N};
            for (size_t u = 0; u < T; ++u)  // blocks in index order, strict <: the lowest index wins ties
                if (slot[u].value < chosen.value) chosen = slot[u];
            if (chosen.value == inf) break;  // everything left is unreachable (the same on every thread)
            const size_t u = chosen.vertex;
            if (u >= lo && u < hi) done[u] = 1;
            const double *row = &weights[u * N];
            for (size_t v = lo; v < hi; ++v)
                if (row[v] > 0.0 && chosen.value + row[v] < best[v]) best[v] = chosen.value + row[v];
        }
    }
    distance.assign(N, -1.0);
    for (size_t v = 0; v < N; ++v)
        if (best[v] < inf) distance[v] = best[v];
}
