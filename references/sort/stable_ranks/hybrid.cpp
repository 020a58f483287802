#include <omp.h>

// Sample sort of (value, index) pairs, which are all distinct under the lexicographic order, so the
// sorted order is exactly the stable order of the values. Each rank sorts a block, the ranks agree on
// splitters from regular samples, redistribute with Alltoallv so that rank r owns the r-th bucket,
// merge its sorted runs, and rank 0 gathers the indices bucket by bucket: the t-th gathered index has rank t.
// Inside a rank, the block is sorted by a parallel sort (every thread sorts a piece, then the pieces are
// merged in parallel), the bucket's runs are merged by the same parallel merge, and the element-wise loops
// are split among the threads. MPI is called outside the parallel regions only.
struct RankPair {
    double value;
    unsigned long long index;
};

static bool pairLess(const RankPair &a, const RankPair &b) {
    return a.value < b.value || (a.value == b.value && a.index < b.index);
}

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

static std::vector<int> displacements(const std::vector<int> &counts) {
    std::vector<int> displs(counts.size(), 0);
    for (size_t r = 1; r < counts.size(); ++r) displs[r] = displs[r - 1] + counts[r - 1];
    return displs;
}

void computeRanks(const std::vector<double> &x, std::vector<size_t> &ranks) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    std::vector<RankPair> local(end - begin);
#pragma omp parallel for schedule(static)
    for (size_t i = begin; i < end; ++i) local[i - begin] = {x[i], i};
    parallelSort(local, pairLess);
    const size_t m = local.size();

    // Regular samples: size-1 from every non-empty block, shared with everybody.
    std::vector<RankPair> samples;
    if (m > 0)
        for (int i = 1; i < size; ++i) samples.push_back(local[m * i / size]);
    int sampleBytes = static_cast<int>(samples.size() * sizeof(RankPair));
    std::vector<int> allBytes(size);
    MPI_Allgather(&sampleBytes, 1, MPI_INT, allBytes.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> sampleDispls = displacements(allBytes);
    std::vector<RankPair> allSamples((sampleDispls[size - 1] + allBytes[size - 1]) / sizeof(RankPair));
    MPI_Allgatherv(samples.data(), sampleBytes, MPI_BYTE, allSamples.data(), allBytes.data(),
                   sampleDispls.data(), MPI_BYTE, MPI_COMM_WORLD);
    std::sort(allSamples.begin(), allSamples.end(), pairLess);

    // Bucket j gets the pairs in [splitter j-1, splitter j).
    std::vector<size_t> cut(size + 1, 0);
    cut[size] = m;
    for (int j = 1; j < size; ++j) {
        if (allSamples.empty()) continue;
        const RankPair &splitter = allSamples[allSamples.size() * j / size];
        cut[j] = std::lower_bound(local.begin(), local.end(), splitter, pairLess) - local.begin();
    }
    std::vector<int> sendBytes(size), recvBytes(size);
    for (int j = 0; j < size; ++j) sendBytes[j] = static_cast<int>((cut[j + 1] - cut[j]) * sizeof(RankPair));
    MPI_Alltoall(sendBytes.data(), 1, MPI_INT, recvBytes.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> sendDispls = displacements(sendBytes), recvDispls = displacements(recvBytes);
    std::vector<RankPair> bucket((recvDispls[size - 1] + recvBytes[size - 1]) / sizeof(RankPair));
    MPI_Alltoallv(local.data(), sendBytes.data(), sendDispls.data(), MPI_BYTE, bucket.data(),
                  recvBytes.data(), recvDispls.data(), MPI_BYTE, MPI_COMM_WORLD);
    std::vector<size_t> runStarts(size + 1, bucket.size());
    for (int j = 0; j < size; ++j) runStarts[j] = recvDispls[j] / sizeof(RankPair);
    mergeRunsParallel(bucket, runStarts, pairLess);

    // Rank 0 collects the indices in global sorted order.
    std::vector<unsigned long long> indices(bucket.size());
#pragma omp parallel for schedule(static)
    for (size_t t = 0; t < bucket.size(); ++t) indices[t] = bucket[t].index;
    int count = static_cast<int>(indices.size());
    std::vector<int> counts(size);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> displs = displacements(counts);
    std::vector<unsigned long long> order(rank == 0 ? n : 0);
    MPI_Gatherv(indices.data(), count, MPI_UNSIGNED_LONG_LONG, order.data(), counts.data(), displs.data(),
                MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        ranks.resize(n);
#pragma omp parallel for schedule(static)
        for (size_t t = 0; t < n; ++t) ranks[order[t]] = t;
    }
}
