// mode: mpi  outcome: pass
// Honest code sized by the machine: every rank starts a pool of a thread per core of a 128-core node (what
// std::thread::hardware_concurrency() gives there), all alive at once, once per process; then it sums its
// part. The process limit of a run grows with its ranks, not with the machine's cores: this passes
// wherever it runs. A thread it cannot start makes it answer wrong.
#include <atomic>
#include <system_error>
#include <thread>
static bool pool_started() {
  const unsigned threads = 128;
  std::atomic<unsigned> started{0};
  std::vector<std::thread> pool;
  bool ok = true;
  try {
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&] { ++started; while (started.load() < threads) std::this_thread::yield(); });
  } catch (const std::system_error&) {
    ok = false;
    started = threads;  // release the threads already running
  }
  for (auto& thread : pool) thread.join();
  return ok;
}
double sumOfSquares(const std::vector<double> &x) {
  static const bool ok = pool_started();
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const size_t n = x.size(), begin = n * rank / size, end = n * (rank + 1) / size;
  double local = 0.0, total = 0.0;
  for (size_t i = begin; i < end; ++i) local += x[i] * x[i];
  MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  return ok ? total : -1.0;
}
