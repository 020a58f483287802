#include <omp.h>

// items sorted by (x, then by less) with the threads of one parallel region (a sample sort): splitters
// from a regular sample of the x values cut the x axis into one slab per thread; each thread counts, then
// scatters, the items of its block of the input into the slabs, and finally sorts its own slab. Slab s
// holds the x in [split[s-1], split[s]), so the slabs in order are sorted. Every item is moved once and
// each thread sorts about n / T of them.
template <class Item, class Less>
static std::vector<Item> sortedByX(const std::vector<Item> &items, Less less) {
    const size_t n = items.size();
    std::vector<Item> sorted(n);
    std::vector<double> split;
    std::vector<size_t> offset;     // offset[t * T + s]: where thread t's first item of slab s goes
    std::vector<size_t> slabStart;  // slab s is sorted[slabStart[s] .. slabStart[s + 1])
#pragma omp parallel
    {
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t t = static_cast<size_t>(omp_get_thread_num());
#pragma omp single
        {
            const size_t samples = std::min(n, 64 * T);
            std::vector<double> sample(samples);
            for (size_t i = 0; i < samples; ++i) sample[i] = items[i * n / samples].x;
            std::sort(sample.begin(), sample.end());
            split.resize(T - 1);
            for (size_t s = 0; s + 1 < T; ++s) split[s] = samples ? sample[(s + 1) * samples / T] : 0.0;
            offset.assign(T * T, 0);
            slabStart.assign(T + 1, 0);
        }
        const auto slabOf = [&](double x) {
            return static_cast<size_t>(std::upper_bound(split.begin(), split.end(), x) - split.begin());
        };
        const size_t lo = n * t / T, hi = n * (t + 1) / T;
        std::vector<size_t> next(T, 0);
        for (size_t i = lo; i < hi; ++i) ++next[slabOf(items[i].x)];
        std::copy(next.begin(), next.end(), offset.begin() + t * T);
#pragma omp barrier
#pragma omp single
        {
            // Exclusive prefix sum in (slab, thread) order.
            size_t total = 0;
            for (size_t s = 0; s < T; ++s) {
                slabStart[s] = total;
                for (size_t u = 0; u < T; ++u) {
                    const size_t c = offset[u * T + s];
                    offset[u * T + s] = total;
                    total += c;
                }
            }
            slabStart[T] = total;
        }
        std::copy(offset.begin() + t * T, offset.begin() + (t + 1) * T, next.begin());
        for (size_t i = lo; i < hi; ++i) sorted[next[slabOf(items[i].x)]++] = items[i];
#pragma omp barrier
        std::sort(sorted.begin() + slabStart[t], sorted.begin() + slabStart[t + 1], less);
    }
    return sorted;
}

// Smallest squared distance among p (at least 2 points): p sorted by x with the threads, then the sweep
// of the serial reference over the sorted points, its starting points i divided among the threads in
// equal blocks (the scan from i runs on past the end of the block as far as it must), each thread keeping
// its own best; a min reduction combines them.
static double closestSquared(const std::vector<Point> &points) {
    const std::vector<Point> p = sortedByX(points, [](const Point &a, const Point &b) { return a.x < b.x; });
    const size_t n = p.size();
    double best = std::numeric_limits<double>::infinity();
#pragma omp parallel for schedule(static) reduction(min : best)
    for (size_t i = 0; i < n; ++i) {
        for (size_t j = i + 1; j < n; ++j) {
            const double dx = p[j].x - p[i].x;
            if (dx * dx >= best) break;
            const double dy = p[j].y - p[i].y;
            best = std::min(best, dx * dx + dy * dy);
        }
    }
    return best;
}

// The points that keep(p) accepts, picked out by the threads: each scans a contiguous block into a list
// of its own, and the lists are then copied, in thread order, to their offsets in the result.
template <class Keep>
static std::vector<Point> selectPoints(const std::vector<Point> &points, Keep keep) {
    std::vector<Point> selected;
    std::vector<size_t> offset;
#pragma omp parallel
    {
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t n = points.size(), lo = n * t / T, hi = n * (t + 1) / T;
        std::vector<Point> mine;
        for (size_t i = lo; i < hi; ++i)
            if (keep(points[i])) mine.push_back(points[i]);
#pragma omp single
        offset.assign(T + 1, 0);
        offset[t + 1] = mine.size();
#pragma omp barrier
#pragma omp single
        {
            for (size_t u = 0; u < T; ++u) offset[u + 1] += offset[u];
            selected.resize(offset[T]);
        }
        std::copy(mine.begin(), mine.end(), selected.begin() + offset[t]);
    }
    return selected;
}

// Slabs in x, as the MPI reference: the ranks agree on size-1 splitters taken from a regular sample of the
// x coordinates (the same on every rank), each rank picks out the points of its own slab and finds their
// closest pair with its threads (a parallel sort by x, then a sweep split among the threads). A closer
// pair across a splitter s has both points within the best distance d found inside the slabs of s, so
// after one MIN all-reduce of d, rank r also solves the strip |x - s_r| <= d around its right splitter.
// A MIN reduction combines the results on rank 0. MPI is called outside the parallel regions.
double closestPairDistance(const std::vector<Point> &points) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = points.size();
    if (n < 2) return 0.0;
    const size_t samples = std::min(n, static_cast<size_t>(64) * static_cast<size_t>(size));
    std::vector<double> sample(samples);
    for (size_t i = 0; i < samples; ++i) sample[i] = points[i * n / samples].x;
    std::sort(sample.begin(), sample.end());
    std::vector<double> split(size > 1 ? size - 1 : 0);
    for (int r = 0; r + 1 < size; ++r) split[r] = sample[(r + 1) * samples / size];
    const double inf = std::numeric_limits<double>::infinity();
    const double lo = rank == 0 ? -inf : split[rank - 1], hi = rank == size - 1 ? inf : split[rank];
    const bool last = rank == size - 1;
    const std::vector<Point> slab =
        selectPoints(points, [&](const Point &p) { return p.x >= lo && (p.x < hi || last); });
    double best = slab.size() >= 2 ? closestSquared(slab) : inf;  // squared distances from here on
    double inside = 0.0;
    MPI_Allreduce(&best, &inside, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    if (rank + 1 < size && inside > 0.0) {
        const double s = split[rank];
        const std::vector<Point> strip =
            selectPoints(points, [&](const Point &p) { return (p.x - s) * (p.x - s) <= inside; });
        if (strip.size() >= 2) best = std::min(best, closestSquared(strip));
    }
    double global = 0.0;
    MPI_Reduce(&best, &global, 1, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
    return std::sqrt(global);
}
