// mode: mpi  outcome: timeout
// Every rank waits for a message nobody sends.
double sumOfSquares(const std::vector<double> &x) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double got = 0;
  MPI_Recv(&got, 1, MPI_DOUBLE, (rank + 1) % size, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return got;
}
