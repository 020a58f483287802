// The sort by x is divided too: each rank sorts its block of the input as (x, y, index) items, one
// Allgatherv hands every rank all the sorted blocks, and every rank merges them (O(n log ranks), far less
// than sorting). Each rank then answers a block of the sorted positions, scanning outwards in x from each,
// and rank 0 gathers the answers in sorted order and puts them back in input order.
struct Item {
    double x, y;
    unsigned long long index;
};

static bool itemLess(const Item &a, const Item &b) {
    return a.x < b.x || (a.x == b.x && a.index < b.index);
}

void nearestNeighborDistances(const std::vector<Point> &points, std::vector<double> &distances) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    distances.assign(n, 0.0);
    if (n < 2) return;

    std::vector<int> bytes(size), byteDispls(size), counts(size), displs(size);
    std::vector<size_t> bounds(size + 1);
    for (int r = 0; r <= size; ++r) bounds[r] = n * r / size;
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(bounds[r]);
        counts[r] = static_cast<int>(bounds[r + 1] - bounds[r]);
        bytes[r] = counts[r] * static_cast<int>(sizeof(Item));
        byteDispls[r] = displs[r] * static_cast<int>(sizeof(Item));
    }
    std::vector<Item> sorted(n);
    Item *mine = sorted.data() + bounds[rank];
    for (size_t i = bounds[rank]; i < bounds[rank + 1]; ++i) mine[i - bounds[rank]] = {points[i].x, points[i].y, i};
    std::sort(mine, mine + counts[rank], itemLess);
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, sorted.data(), bytes.data(), byteDispls.data(), MPI_BYTE,
                   MPI_COMM_WORLD);
    // Merge neighbouring sorted blocks pairwise until one run is left.
    for (size_t width = 1; width < static_cast<size_t>(size); width *= 2)
        for (size_t r = 0; r + width < static_cast<size_t>(size); r += 2 * width)
            std::inplace_merge(sorted.begin() + bounds[r], sorted.begin() + bounds[r + width],
                               sorted.begin() + bounds[std::min(r + 2 * width, static_cast<size_t>(size))], itemLess);

    std::vector<double> local(counts[rank]);
    for (size_t s = bounds[rank]; s < bounds[rank + 1]; ++s) {
        const Item &p = sorted[s];
        double best = std::numeric_limits<double>::infinity();  // squared
        for (size_t t = s + 1; t < n; ++t) {
            const double dx = sorted[t].x - p.x;
            if (dx * dx >= best) break;
            const double dy = sorted[t].y - p.y;
            best = std::min(best, dx * dx + dy * dy);
        }
        for (size_t t = s; t-- > 0;) {
            const double dx = p.x - sorted[t].x;
            if (dx * dx >= best) break;
            const double dy = sorted[t].y - p.y;
            best = std::min(best, dx * dx + dy * dy);
        }
        local[s - bounds[rank]] = std::sqrt(best);
    }
    std::vector<double> answers(rank == 0 ? n : 0);
    MPI_Gatherv(local.data(), counts[rank], MPI_DOUBLE, answers.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank == 0)
        for (size_t s = 0; s < n; ++s) distances[sorted[s].index] = answers[s];
}
