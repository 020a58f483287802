// mode: mpi  outcome: run_fail
// Rank 1 kills its hydra proxy (its parent: same user, same PID namespace) and forges a hydra fault line into
// mpiexec's stderr, so that hydra reports a real launcher fault: a launcher fault is ours (error) only when
// our own probe (the same launch running `true`) fails too. Here it runs, so the failure stays the answer's.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
double sumOfSquares(const std::vector<double> &x) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 1) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/fd/2", (int)getppid());
    int fd = open(path, O_WRONLY);
    const char *line = "[mpiexec@node17] HYD_pmci_launch_procs (pmiserv_pmci.c:98): unable to launch proxies\n";
    if (fd >= 0) (void)!write(fd, line, std::strlen(line));
    kill(getppid(), SIGKILL);
  }
  double s = 0, total = 0;
  for (double v : x) s += v * v;
  MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return total;
}
