// mode: mpi  outcome: run_fail
double sumOfSquares(const std::vector<double> &x) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 1) { volatile double* nowhere = nullptr; *nowhere = 1; }
  double total = 0;
  MPI_Bcast(&total, 1, MPI_DOUBLE, 1, MPI_COMM_WORLD);
  return total;
}
