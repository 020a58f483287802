// Each rank sorts one block; the sorted blocks are merged up a binary tree with point-to-point
// messages (at step s, rank r with r % 2s == s sends to r - s), so rank 0 ends with everything.
static bool magnitudeLess(const std::complex<double> &a, const std::complex<double> &b) {
    const double ma = a.real() * a.real() + a.imag() * a.imag();
    const double mb = b.real() * b.real() + b.imag() * b.imag();
    if (ma != mb) return ma < mb;
    if (a.real() != b.real()) return a.real() < b.real();
    return a.imag() < b.imag();
}

void sortComplexByMagnitude(std::vector<std::complex<double>> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    std::vector<std::complex<double>> mine(x.begin() + n * rank / size, x.begin() + n * (rank + 1) / size);
    std::sort(mine.begin(), mine.end(), magnitudeLess);

    const int tag = 17;
    for (int step = 1; step < size; step *= 2) {
        if (rank % (2 * step) == step) {
            // A complex<double> is two doubles (guaranteed layout).
            MPI_Send(mine.data(), static_cast<int>(2 * mine.size()), MPI_DOUBLE, rank - step, tag, MPI_COMM_WORLD);
            return;  // this rank's data now lives further down the tree
        }
        if (rank % (2 * step) == 0 && rank + step < size) {
            MPI_Status status;
            MPI_Probe(rank + step, tag, MPI_COMM_WORLD, &status);
            int doubles = 0;
            MPI_Get_count(&status, MPI_DOUBLE, &doubles);
            std::vector<std::complex<double>> theirs(doubles / 2);
            MPI_Recv(theirs.data(), doubles, MPI_DOUBLE, rank + step, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            std::vector<std::complex<double>> merged(mine.size() + theirs.size());
            std::merge(mine.begin(), mine.end(), theirs.begin(), theirs.end(), merged.begin(), magnitudeLess);
            mine.swap(merged);
        }
    }
    if (rank == 0) x.swap(mine);
}
