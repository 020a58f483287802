size_t indexOfClosest(const std::vector<double> &x, double target) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;

    // Best of this block (first index among equal distances); an empty block offers nothing.
    double bestDistance = std::numeric_limits<double>::infinity();
    unsigned long long bestIndex = n;
    for (size_t i = begin; i < end; ++i) {
        const double d = std::fabs(x[i] - target);
        if (d < bestDistance) {
            bestDistance = d;
            bestIndex = i;
        }
    }

    // Smallest distance overall, then the smallest index among the blocks that reach it.
    double globalDistance = 0.0;
    MPI_Allreduce(&bestDistance, &globalDistance, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    unsigned long long candidate = bestDistance == globalDistance ? bestIndex : n;
    unsigned long long result = 0;
    MPI_Reduce(&candidate, &result, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    return static_cast<size_t>(result);
}
