// mode: mpi  outcome: run_fail
// Rank 1 sends SIGKILL to every process it may signal: in the sandbox that is its own run only (mpirun,
// the proxy, rank 0), so the run fails and pytest, its workers and every other process live on. Run as
// root (the sandbox failed to drop privileges) it refuses and answers wrong instead.
#include <csignal>
#include <unistd.h>
double sumOfSquares(const std::vector<double> &x) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (getuid() == 0 || geteuid() == 0) return -1;
  if (rank == 1) kill(-1, SIGKILL);
  double s = 0, total = 0;
  for (double v : x) s += v * v;
  MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  sleep(5);  // rank 0 must not finish before the kill lands
  return total;
}
