// mode: mpi  outcome: run_fail
// Prints what srun and slurmstepd print when a node fails, then crashes: a rank's own text never makes
// its failure the cluster's (error); it stays run_fail (tests/test_slurm.py does the same under srun).
#include <csignal>
#include <cstdio>
double sumOfSquares(const std::vector<double> &x) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::fprintf(stderr, "srun: error: Node failure on node17\n");
  std::fprintf(stderr, "slurmstepd: error: *** JOB 42 ON node17 CANCELLED AT 2024-05-01T10:00:00 DUE TO NODE FAILURE ***\n");
  std::fflush(stderr);
  if (rank == 1) std::raise(SIGSEGV);
  double s = 0, total = 0;
  for (double v : x) s += v * v;
  MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return total;
}
