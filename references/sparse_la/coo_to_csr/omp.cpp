#include <memory>
#include <omp.h>

// A (column, value) pair of one entry, grouped by row.
struct ColumnValue {
    size_t column;
    double value;
};

// A parallel counting sort by row instead of the serial reference's comparison sort, every step split among
// the threads (entry blocks for the passes over A, row blocks for the rest):
// 1. each thread counts the rows of its block of entries (a row histogram of its own);
// 2. per row, the threads' counts become where each thread's entries of that row go, and a block scan over
//    the rows gives where each row starts;
// 3. each thread scatters its entries' (column, value) pairs there: within a row they keep A's order;
// 4. each thread sorts each of its rows by column (rows are short: a stable insertion sort), sums duplicates
//    in place and counts the distinct columns; a second block scan turns the counts into rowPtr;
// 5. each thread copies its rows' compacted entries into colIdx and values.
void cooToCsr(const std::vector<COOElement> &A, size_t M, std::vector<size_t> &rowPtr,
              std::vector<size_t> &colIdx, std::vector<double> &values) {
    const size_t nnz = A.size();
    rowPtr.assign(M + 1, 0);
    std::vector<std::vector<size_t>> cursor(omp_get_max_threads());  // per thread: count, then next slot, per row
    std::vector<size_t> rowStart(M + 1, 0);                           // where each row's entries start in byRow
    std::vector<size_t> blockSum(omp_get_max_threads() + 1, 0);       // the threads' sums, then their offsets
    std::unique_ptr<ColumnValue[]> byRow(new ColumnValue[nnz]);       // uninitialised: every slot is written
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        const size_t eBegin = nnz * t / nt, eEnd = nnz * (t + 1) / nt;  // this thread's entries
        const size_t rBegin = M * t / nt, rEnd = M * (t + 1) / nt;      // this thread's rows
        std::vector<size_t> &mine = cursor[t];
        mine.assign(M, 0);
        for (size_t k = eBegin; k < eEnd; ++k) ++mine[A[k].row];
#pragma omp barrier
        // Step 2: thread u's entries of row i go after those of threads 0..u-1 (relative to the row's start).
        size_t sum = 0;
        for (size_t i = rBegin; i < rEnd; ++i) {
            size_t run = 0;
            for (size_t u = 0; u < nt; ++u) {
                const size_t c = cursor[u][i];
                cursor[u][i] = run;
                run += c;
            }
            rowStart[i + 1] = run;
            sum += run;
        }
        blockSum[t + 1] = sum;
#pragma omp barrier
#pragma omp single
        for (size_t u = 0; u < nt; ++u) blockSum[u + 1] += blockSum[u];
        sum = blockSum[t];
        for (size_t i = rBegin; i < rEnd; ++i) {
            sum += rowStart[i + 1];
            rowStart[i + 1] = sum;
        }
#pragma omp barrier
        // Step 3.
        for (size_t k = eBegin; k < eEnd; ++k) {
            const size_t row = A[k].row;
            byRow[rowStart[row] + mine[row]++] = {A[k].column, A[k].value};
        }
#pragma omp barrier
        // Step 4: rowPtr[i + 1] holds the row's distinct count for now.
        sum = 0;
        for (size_t i = rBegin; i < rEnd; ++i) {
            ColumnValue *row = byRow.get() + rowStart[i];
            const size_t length = rowStart[i + 1] - rowStart[i];
            for (size_t j = 1; j < length; ++j) {
                const ColumnValue e = row[j];
                size_t p = j;
                for (; p > 0 && row[p - 1].column > e.column; --p) row[p] = row[p - 1];
                row[p] = e;
            }
            size_t distinct = 0;
            for (size_t j = 0; j < length; ++j) {
                if (distinct > 0 && row[distinct - 1].column == row[j].column) row[distinct - 1].value += row[j].value;
                else row[distinct++] = row[j];
            }
            rowPtr[i + 1] = distinct;
            sum += distinct;
        }
        blockSum[t + 1] = sum;
#pragma omp barrier
#pragma omp single
        {
            for (size_t u = 0; u < nt; ++u) blockSum[u + 1] += blockSum[u];
            colIdx.resize(blockSum[nt]);
            values.resize(blockSum[nt]);
        }
        // Step 5.
        sum = blockSum[t];
        for (size_t i = rBegin; i < rEnd; ++i) {
            const ColumnValue *row = byRow.get() + rowStart[i];
            for (size_t j = 0; j < rowPtr[i + 1]; ++j) {
                colIdx[sum + j] = row[j].column;
                values[sum + j] = row[j].value;
            }
            sum += rowPtr[i + 1];
            rowPtr[i + 1] = sum;
        }
    }
}
