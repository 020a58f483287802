#include <omp.h>

// As the MPI version, one level deeper: each thread runs the segmented scan over its part of the rank's
// block and records (sum of its open tail, whether it holds a segment start). The master thread combines
// the threads' pairs into the rank's pair and exchanges the ranks' pairs (funneled MPI, the other threads
// wait); each thread's carry is then the tails of the earlier parts of the rank and, if no start lies
// between, the tails of the earlier ranks back to the last one holding a start. Rank 0 gathers the blocks.
void segmentedPrefixSum(const std::vector<int> &x, const std::vector<int> &segmentStart,
                        std::vector<int64_t> &output) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size, count = end - begin;

    std::vector<int64_t> local(count);
    // One slot per thread: a parallel region has at most omp_get_max_threads() threads.
    const size_t slots = static_cast<size_t>(omp_get_max_threads());
    std::vector<int64_t> threadTail(slots, 0);  // per thread: the sum of its part's open tail
    std::vector<char> threadStart(slots, 0);    // per thread: whether a segment starts in its part
    int64_t rankCarry = 0;             // carry into this rank's block from the earlier ranks
#pragma omp parallel
    {
        const size_t t = static_cast<size_t>(omp_get_thread_num());
        const size_t T = static_cast<size_t>(omp_get_num_threads());
        const size_t from = count * t / T, to = count * (t + 1) / T;  // within the rank's block
        int64_t running = 0;
        size_t firstStart = to;
        for (size_t i = from; i < to; ++i) {
            if (begin + i == 0 || segmentStart[begin + i] != 0) {
                running = 0;
                if (firstStart == to) firstStart = i;
            }
            running += x[begin + i];
            local[i] = running;
        }
        threadTail[t] = running;
        threadStart[t] = firstStart != to;
#pragma omp barrier
#pragma omp master
        {
            // The rank's pair: the tails of its last parts back to the last one holding a start.
            int64_t rankTail = 0;
            int rankStart = 0;
            for (size_t s = T; s-- > 0;) {
                rankTail += threadTail[s];
                if (threadStart[s]) {
                    rankStart = 1;
                    break;
                }
            }
            std::vector<int64_t> tails(size);
            std::vector<int> starts(size);
            MPI_Allgather(&rankTail, 1, MPI_INT64_T, tails.data(), 1, MPI_INT64_T, MPI_COMM_WORLD);
            MPI_Allgather(&rankStart, 1, MPI_INT, starts.data(), 1, MPI_INT, MPI_COMM_WORLD);
            for (int r = rank - 1; r >= 0; --r) {
                rankCarry += tails[r];
                if (starts[r]) break;
            }
        }
#pragma omp barrier
        int64_t carry = 0;
        bool closed = false;  // a start between the rank's beginning and this part cuts the rank's carry off
        for (size_t s = t; s-- > 0;) {
            carry += threadTail[s];
            if (threadStart[s]) {
                closed = true;
                break;
            }
        }
        if (!closed) carry += rankCarry;
        if (carry != 0)
            for (size_t i = from; i < firstStart; ++i) local[i] += carry;
    }

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    MPI_Gatherv(local.data(), static_cast<int>(local.size()), MPI_INT64_T, output.data(), counts.data(),
                displs.data(), MPI_INT64_T, 0, MPI_COMM_WORLD);
}
