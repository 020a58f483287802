// Dense Dijkstra with the vertices split into blocks. Every step each rank proposes the closest
// unfinished vertex of its block; an MPI_MINLOC all-reduce picks the global one (with its distance),
// and each rank relaxes the edges from it into its own block. Rank 0 gathers the blocks at the end.
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
    for (size_t step = 0; step < N; ++step) {
        struct { double value; int index; } mine = {inf, -1}, chosen;
        for (size_t v = begin; v < end; ++v)
            if (!done[v - begin] && best[v - begin] < mine.value) mine = {best[v - begin], static_cast<int>(v)};
        MPI_Allreduce(&mine, &chosen, 1, MPI_DOUBLE_INT, MPI_MINLOC, MPI_COMM_WORLD);
        if (chosen.value == inf) break;  // everything left is unreachable
        const size_t u = static_cast<size_t>(chosen.index);
        if (u >= begin && u < end) done[u - begin] = 1;
        const double *row = &weights[u * N];
        for (size_t v = begin; v < end; ++v)
            if (row[v] > 0.0 && chosen.value + row[v] < best[v - begin]) best[v - begin] = chosen.value + row[v];
    }
    for (double &d : best)
        if (d == inf) d = -1.0;
    distance.assign(N, -1.0);
    MPI_Gatherv(best.data(), counts[rank], MPI_DOUBLE, distance.data(), counts.data(), displs.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
}
