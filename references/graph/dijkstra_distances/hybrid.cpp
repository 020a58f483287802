#include <omp.h>

// Dense Dijkstra with the vertices split into blocks, one per rank, each split again into one sub-block
// per thread. Every step each thread proposes the closest unfinished vertex of its sub-block in a slot of
// its own; the master thread combines the slots into the rank's proposal and an MPI_MINLOC all-reduce
// picks the global one (with its distance); then every thread relaxes the edges from it into its own
// sub-block. Rank 0 gathers the blocks at the end. MPI is called by the master thread only, between
// barriers.
void shortestPathLengths(const std::vector<double> &weights, size_t N, int source, std::vector<double> &distance) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(N * r / size);
        counts[r] = static_cast<int>(N * (r + 1) / size) - displs[r];
    }
    const size_t begin = static_cast<size_t>(displs[rank]), end = begin + static_cast<size_t>(counts[rank]);
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> best(end - begin, inf);
    std::vector<char> done(end - begin, 0);
    if (static_cast<size_t>(source) >= begin && static_cast<size_t>(source) < end) best[source - begin] = 0.0;
    struct alignas(64) Slot {  // one cache line each: no false sharing between the threads' slots
        double value;
        int index;
    };
    std::vector<Slot> slots;
    struct { double value; int index; } chosen = {inf, -1};  // MPI_DOUBLE_INT layout
#pragma omp parallel
    {
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t t = static_cast<size_t>(omp_get_thread_num());
#pragma omp single
        slots.assign(T, Slot{inf, -1});
        const size_t lo = begin + (end - begin) * t / T, hi = begin + (end - begin) * (t + 1) / T;
        for (size_t step = 0; step < N; ++step) {
            Slot mine{inf, -1};
            for (size_t v = lo; v < hi; ++v)
                if (!done[v - begin] && best[v - begin] < mine.value) mine = Slot{best[v - begin], static_cast<int>(v)};
            slots[t] = mine;
#pragma omp barrier
#pragma omp master
            {
                struct { double value; int index; } proposal = {inf, -1};
                for (size_t u = 0; u < T; ++u)  // sub-blocks in index order: the lowest index wins ties
                    if (slots[u].value < proposal.value) proposal = {slots[u].value, slots[u].index};
                MPI_Allreduce(&proposal, &chosen, 1, MPI_DOUBLE_INT, MPI_MINLOC, MPI_COMM_WORLD);
            }
#pragma omp barrier
            if (chosen.value == inf) break;  // everything left is unreachable (the same everywhere)
            const size_t u = static_cast<size_t>(chosen.index);
            if (u >= lo && u < hi) done[u - begin] = 1;
            const double *row = &weights[u * N];
            for (size_t v = lo; v < hi; ++v)
                if (row[v] > 0.0 && chosen.value + row[v] < best[v - begin]) best[v - begin] = chosen.value + row[v];
        }
    }
    for (double &d : best)
        if (d == inf) d = -1.0;
    distance.assign(N, -1.0);
    MPI_Gatherv(best.data(), counts[rank], MPI_DOUBLE, distance.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
}
