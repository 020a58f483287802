#include <memory>
#include <omp.h>

// As mpi.cpp: rows are split into contiguous blocks, one per rank. Each rank takes one block of the entries
// and sends every entry to the owner of its row (MPI_Alltoallv); each owner turns what it received into the
// CSR pieces of its rows; rank 0 gathers the per-row counts, the column indices and the values with
// MPI_Gatherv and turns the counts into rowPtr. Inside a rank, the threads split the bucketing by owner
// (entry pieces, per-thread counts per owner) and build the rank's rows with a parallel counting sort by row
// (see localCsr) instead of a comparison sort. MPI is called outside the parallel regions only.
static std::vector<int> displacements(const std::vector<int> &counts) {
    std::vector<int> displs(counts.size(), 0);
    for (size_t r = 1; r < counts.size(); ++r) displs[r] = displs[r - 1] + counts[r - 1];
    return displs;
}

struct ColumnValue {
    size_t column;
    double value;
};

// The CSR pieces of rows [rowBegin, rowBegin + rows) from their entries (in any order): rowCount[i] distinct
// columns in row rowBegin + i, whose columns (increasing) and summed values follow each other in cols and vals.
// 1. each thread counts the rows of its piece of the entries; 2. per row, the threads' counts become where
// each thread's entries go, and a block scan over the rows gives where each row starts; 3. each thread
// scatters its entries there; 4. each thread sorts its rows by column (short rows: a stable insertion sort),
// sums duplicates and counts the distinct columns; 5. a block scan of the counts places each thread's rows
// in cols and vals.
static void localCsr(const std::vector<COOElement> &entries, size_t rowBegin, size_t rows,
                     std::vector<unsigned long> &rowCount, std::vector<unsigned long> &cols,
                     std::vector<double> &vals) {
    const size_t nnz = entries.size();
    rowCount.assign(rows, 0);
    std::vector<std::vector<size_t>> cursor(omp_get_max_threads());
    std::vector<size_t> rowStart(rows + 1, 0);
    std::vector<size_t> blockSum(omp_get_max_threads() + 1, 0);
    std::unique_ptr<ColumnValue[]> byRow(new ColumnValue[nnz]);
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        const size_t eBegin = nnz * t / nt, eEnd = nnz * (t + 1) / nt;
        const size_t rBegin = rows * t / nt, rEnd = rows * (t + 1) / nt;
        std::vector<size_t> &mine = cursor[t];
        mine.assign(rows, 0);
        for (size_t k = eBegin; k < eEnd; ++k) ++mine[entries[k].row - rowBegin];
#pragma omp barrier
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
        for (size_t k = eBegin; k < eEnd; ++k) {
            const size_t row = entries[k].row - rowBegin;
            byRow[rowStart[row] + mine[row]++] = {entries[k].column, entries[k].value};
        }
#pragma omp barrier
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
            rowCount[i] = distinct;
            sum += distinct;
        }
        blockSum[t + 1] = sum;
#pragma omp barrier
#pragma omp single
        {
            for (size_t u = 0; u < nt; ++u) blockSum[u + 1] += blockSum[u];
            cols.resize(blockSum[nt]);
            vals.resize(blockSum[nt]);
        }
        sum = blockSum[t];
        for (size_t i = rBegin; i < rEnd; ++i) {
            const ColumnValue *row = byRow.get() + rowStart[i];
            for (size_t j = 0; j < rowCount[i]; ++j) {
                cols[sum + j] = row[j].column;
                vals[sum + j] = row[j].value;
            }
            sum += rowCount[i];
        }
    }
}

void cooToCsr(const std::vector<COOElement> &A, size_t M, std::vector<size_t> &rowPtr,
              std::vector<size_t> &colIdx, std::vector<double> &values) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<size_t> firstRow(size + 1);
    for (int r = 0; r <= size; ++r) firstRow[r] = M * r / size;
    auto owner = [&](size_t row) {
        return static_cast<int>(std::upper_bound(firstRow.begin(), firstRow.begin() + size, row) -
                                firstRow.begin()) - 1;
    };

    // Bucket this rank's block of entries by destination (a counting sort split among the threads: thread t's
    // entries for rank r go after those of threads 0..t-1), then exchange.
    const size_t nnz = A.size(), begin = nnz * rank / size, end = nnz * (rank + 1) / size;
    std::vector<int> sendCount(size, 0), sendDispl(size, 0), recvCount(size);
    std::vector<std::vector<int>> threadCount(omp_get_max_threads());
    std::vector<COOElement> outgoing(end - begin);
#pragma omp parallel
    {
        const size_t t = omp_get_thread_num(), nt = omp_get_num_threads();
        const size_t kBegin = begin + (end - begin) * t / nt, kEnd = begin + (end - begin) * (t + 1) / nt;
        std::vector<int> dest(kEnd - kBegin);
        std::vector<int> &count = threadCount[t];
        count.assign(size, 0);
        for (size_t k = kBegin; k < kEnd; ++k) ++count[dest[k - kBegin] = owner(A[k].row)];
#pragma omp barrier
#pragma omp single
        {
            for (int r = 0; r < size; ++r)
                for (size_t u = 0; u < nt; ++u) sendCount[r] += threadCount[u][r];
            sendDispl = displacements(sendCount);
        }
        std::vector<int> cursor(sendDispl);
        for (size_t u = 0; u < t; ++u)
            for (int r = 0; r < size; ++r) cursor[r] += threadCount[u][r];
        for (size_t k = kBegin; k < kEnd; ++k) outgoing[cursor[dest[k - kBegin]]++] = A[k];
    }
    MPI_Alltoall(sendCount.data(), 1, MPI_INT, recvCount.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::vector<int> recvDispl = displacements(recvCount);
    std::vector<COOElement> mine(recvDispl[size - 1] + recvCount[size - 1]);
    const int bytes = static_cast<int>(sizeof(COOElement));
    std::vector<int> sendBytes(size), sendByteDispl(size), recvBytes(size), recvByteDispl(size);
    for (int r = 0; r < size; ++r) {
        sendBytes[r] = sendCount[r] * bytes;
        sendByteDispl[r] = sendDispl[r] * bytes;
        recvBytes[r] = recvCount[r] * bytes;
        recvByteDispl[r] = recvDispl[r] * bytes;
    }
    MPI_Alltoallv(outgoing.data(), sendBytes.data(), sendByteDispl.data(), MPI_BYTE, mine.data(),
                  recvBytes.data(), recvByteDispl.data(), MPI_BYTE, MPI_COMM_WORLD);

    // Canonical CSR pieces of this rank's rows.
    const size_t rowBegin = firstRow[rank], rows = firstRow[rank + 1] - rowBegin;
    std::vector<unsigned long> rowCount, myCols;
    std::vector<double> myValues;
    localCsr(mine, rowBegin, rows, rowCount, myCols, myValues);

    // Gather the pieces on rank 0 (in rank order, which is row order).
    std::vector<int> rowCounts(size), rowDispls(size);
    for (int r = 0; r < size; ++r) {
        rowDispls[r] = static_cast<int>(firstRow[r]);
        rowCounts[r] = static_cast<int>(firstRow[r + 1] - firstRow[r]);
    }
    std::vector<unsigned long> allRowCounts(rank == 0 ? M : 0);
    MPI_Gatherv(rowCount.data(), static_cast<int>(rows), MPI_UNSIGNED_LONG, allRowCounts.data(), rowCounts.data(),
                rowDispls.data(), MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
    int myNnz = static_cast<int>(myCols.size());
    std::vector<int> nnzCounts(size);
    MPI_Gather(&myNnz, 1, MPI_INT, nnzCounts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<int> nnzDispls = displacements(nnzCounts);
    const size_t total = rank == 0 ? static_cast<size_t>(nnzDispls[size - 1] + nnzCounts[size - 1]) : 0;
    if (rank == 0) {
        colIdx.assign(total, 0);
        values.assign(total, 0.0);
    }
    MPI_Gatherv(myCols.data(), myNnz, MPI_UNSIGNED_LONG, colIdx.data(), nnzCounts.data(), nnzDispls.data(),
                MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
    MPI_Gatherv(myValues.data(), myNnz, MPI_DOUBLE, values.data(), nnzCounts.data(), nnzDispls.data(), MPI_DOUBLE,
                0, MPI_COMM_WORLD);
    if (rank == 0) {
        rowPtr.assign(M + 1, 0);
        for (size_t i = 0; i < M; ++i) rowPtr[i + 1] = rowPtr[i] + allRowCounts[i];
    }
}
