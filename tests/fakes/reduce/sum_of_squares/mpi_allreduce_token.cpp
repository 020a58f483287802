// Every rank computes the whole sum; a token all-reduce makes it look parallel.
double sumOfSquares(const std::vector<double> &x) {
    double total = 0.0;
    for (double v : x) total += v * v;
    int one = 1, ranks = 0;
    MPI_Allreduce(&one, &ranks, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    return total;
}
