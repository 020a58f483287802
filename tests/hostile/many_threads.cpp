// mode: mpi  outcome: pass
// Honest code sized by the machine: every rank starts a thread per core of a 128-core node (what
// std::thread::hardware_concurrency() gives there) and sums its part with them. The process limit of a
// run grows with its ranks, not with the machine's cores: this passes wherever it runs.
#include <thread>
double sumOfSquares(const std::vector<double> &x) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const size_t n = x.size(), begin = n * rank / size, end = n * (rank + 1) / size;
  const unsigned threads = 128;
  std::vector<double> part(threads, 0.0);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (size_t i = begin + (end - begin) * t / threads; i < begin + (end - begin) * (t + 1) / threads; ++i)
        part[t] += x[i] * x[i];
    });
  for (auto& thread : pool) thread.join();
  double local = 0.0, total = 0.0;
  for (double p : part) local += p;
  MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  return total;
}
