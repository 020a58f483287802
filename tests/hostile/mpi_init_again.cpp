// mode: mpi  outcome: pass
// Calls MPI_Init and MPI_Finalize itself although the contract forbids it; the glue makes both no-ops.
double sumOfSquares(const std::vector<double> &x) {
  MPI_Init(nullptr, nullptr);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double local = 0, total = 0;
  for (size_t i = x.size() * rank / size; i < x.size() * (rank + 1) / size; ++i) local += x[i] * x[i];
  MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return total;
}
