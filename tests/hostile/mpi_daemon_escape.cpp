// mode: mpi  outcome: pass
// Rank 1 leaves a child behind in a session of its own (out of reach of mpirun's process groups),
// then answers correctly: the run passes, and the child must still be gone afterwards.
#include <unistd.h>
double sumOfSquares(const std::vector<double> &x) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  static bool forked = false;
  if (rank == 1 && !forked) {
    forked = true;
    if (fork() == 0) {
      setsid();
      if (fork() == 0) {  // a proper daemon: lets go of the rank's pipes, then waits forever
        for (int fd = 0; fd < 1024; ++fd) close(fd);
        for (;;) pause();
      }
      _exit(0);
    }
  }
  double local = 0, total = 0;
  for (size_t i = x.size() * rank / size; i < x.size() * (rank + 1) / size; ++i) local += x[i] * x[i];
  MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  return total;
}
