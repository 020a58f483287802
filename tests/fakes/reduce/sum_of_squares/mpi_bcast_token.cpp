// Every rank computes the whole sum; a token broadcast makes it look parallel.
double sumOfSquares(const std::vector<double> &x) {
    double total = 0.0;
    for (double v : x) total += v * v;
    int token = 1;
    MPI_Bcast(&token, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return total;
}
