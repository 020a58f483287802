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

struct Indexed {
    double x, y;
    size_t index;
};

// The points with their input indices, sorted by x (ties by index) with the threads.
static std::vector<Indexed> sortedPoints(const std::vector<Point> &points) {
    const size_t n = points.size();
    std::vector<Indexed> items(n);
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; ++i) items[i] = Indexed{points[i].x, points[i].y, i};
    return sortedByX(items, [](const Indexed &a, const Indexed &b) {
        return a.x < b.x || (a.x == b.x && a.index < b.index);
    });
}

// Squared distance from p[s] to its nearest other point: scan outwards in x order from s, in each
// direction until the x distance alone exceeds the best found.
static double nearestSquared(const std::vector<Indexed> &p, size_t s) {
    const size_t n = p.size();
    double best = std::numeric_limits<double>::infinity();
    for (size_t t = s + 1; t < n; ++t) {
        const double dx = p[t].x - p[s].x;
        if (dx * dx >= best) break;
        const double dy = p[t].y - p[s].y;
        best = std::min(best, dx * dx + dy * dy);
    }
    for (size_t t = s; t-- > 0;) {
        const double dx = p[s].x - p[t].x;
        if (dx * dx >= best) break;
        const double dy = p[t].y - p[s].y;
        best = std::min(best, dx * dx + dy * dy);
    }
    return best;
}

// The points are sorted by x with the threads (a sample sort), then the sorted positions are answered by
// the threads in chunks of 1024 dealt out in turn; each answer is written to its point's own input
// index (disjoint writes).
void nearestNeighborDistances(const std::vector<Point> &points, std::vector<double> &distances) {
    const size_t n = points.size();
    distances.assign(n, 0.0);
    if (n < 2) return;
    const std::vector<Indexed> p = sortedPoints(points);
#pragma omp parallel for schedule(static, 1024)
    for (size_t s = 0; s < n; ++s) distances[p[s].index] = std::sqrt(nearestSquared(p, s));
}
