#include <functional>
#include <omp.h>

// A parallel sort (parallelSort below): every thread sorts one block, then the blocks are merged in
// parallel, each thread merging the pieces of all blocks that fall into its range of values.

// Merges the sorted runs v[bounds[r], bounds[r+1]) in place, pairwise, O(m log runs) (one thread).
template <class T, class Less>
static void mergeRuns(std::vector<T> &v, std::vector<size_t> bounds, Less less) {
    while (bounds.size() > 2) {
        const size_t runs = bounds.size() - 1;
        std::vector<size_t> merged{bounds[0]};
        for (size_t i = 0; i + 2 <= runs; i += 2) {
            std::inplace_merge(v.begin() + bounds[i], v.begin() + bounds[i + 1], v.begin() + bounds[i + 2], less);
            merged.push_back(bounds[i + 2]);
        }
        if (runs % 2 == 1) merged.push_back(bounds[runs]);
        bounds.swap(merged);
    }
}

// Merges the sorted runs v[bounds[r], bounds[r+1]) (bounds[0] = 0, bounds.back() = v.size()) into one sorted
// v, the work split among the threads by value: nt-1 splitters taken from regular samples of every run cut
// every run into nt pieces (binary search), and thread j merges the j-th pieces of all runs into their final
// place in v, which the lengths of the earlier pieces give. Elements equal under `less` land in one piece.
template <class T, class Less>
static void mergeRunsParallel(std::vector<T> &v, const std::vector<size_t> &bounds, Less less) {
    const size_t runs = bounds.size() - 1, n = v.size();
    if (runs < 2 || n == 0) return;
    std::vector<T> src(n);
    std::vector<T> splitters;
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; ++i) src[i] = v[i];
#pragma omp single
        {
            const size_t perRun = 16 * nt;
            std::vector<T> samples;
            for (size_t r = 0; r < runs; ++r) {
                const size_t length = bounds[r + 1] - bounds[r];
                if (length > 0)
                    for (size_t s = 0; s < perRun; ++s) samples.push_back(src[bounds[r] + length * (2 * s + 1) / (2 * perRun)]);
            }
            std::sort(samples.begin(), samples.end(), less);
            for (size_t j = 1; j < nt; ++j) splitters.push_back(samples[samples.size() * j / nt]);
        }  // implicit barrier: the splitters are known to every thread
        // Piece j of run r is [cut(r, j), cut(r, j + 1)).
        auto cut = [&](size_t r, size_t j) -> size_t {
            if (j == 0) return bounds[r];
            if (j == nt) return bounds[r + 1];
            return std::lower_bound(src.begin() + bounds[r], src.begin() + bounds[r + 1], splitters[j - 1], less) -
                   src.begin();
        };
        size_t out = 0;
        for (size_t r = 0; r < runs; ++r) out += cut(r, t) - bounds[r];
        std::vector<size_t> pieceBounds{out};
        for (size_t r = 0; r < runs; ++r) {
            const size_t lo = cut(r, t), hi = cut(r, t + 1);
            std::copy(src.begin() + lo, src.begin() + hi, v.begin() + out);
            out += hi - lo;
            pieceBounds.push_back(out);
        }
        mergeRuns(v, pieceBounds, less);
    }
}

// Parallel sort: one block per thread sorted with std::sort, then the blocks merged in parallel.
template <class T, class Less>
static void parallelSort(std::vector<T> &v, Less less) {
    const size_t n = v.size(), blocks = omp_get_max_threads();
    std::vector<size_t> bounds(blocks + 1);
    for (size_t b = 0; b <= blocks; ++b) bounds[b] = n * b / blocks;
#pragma omp parallel for schedule(static, 1)
    for (size_t b = 0; b < blocks; ++b) std::sort(v.begin() + bounds[b], v.begin() + bounds[b + 1], less);
    mergeRunsParallel(v, bounds, less);
}

void sortAscending(std::vector<double> &x) {
    parallelSort(x, std::less<double>());
}
