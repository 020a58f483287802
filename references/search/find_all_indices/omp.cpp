#include <omp.h>

// Each thread collects the matches of its contiguous block (already in increasing order) in a private
// list. After a barrier, indices is sized to the total, and each thread copies its list to its place:
// after the matches of every earlier block.
void findAllIndices(const std::vector<int> &x, int target, std::vector<size_t> &indices) {
    const size_t n = x.size();
    // Per thread: how many matches its block holds (0 in unused slots); a parallel region has at most
    // omp_get_max_threads() threads.
    std::vector<size_t> found(static_cast<size_t>(omp_get_max_threads()), 0);
    indices.clear();
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t begin = n * t / T, end = n * (t + 1) / T;
        std::vector<size_t> mine;
        for (size_t i = begin; i < end; ++i)
            if (x[i] == target) mine.push_back(i);
        found[t] = mine.size();
#pragma omp barrier
#pragma omp single
        indices.resize(std::accumulate(found.begin(), found.end(), size_t{0}));  // (implicit barrier)
        const size_t offset = std::accumulate(found.begin(), found.begin() + t, size_t{0});
        std::copy(mine.begin(), mine.end(), indices.begin() + offset);
    }
}
