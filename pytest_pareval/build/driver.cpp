// The driver of a compiled answer: its main(), compiled once per mode (and compiler) and linked with the
// candidate and the glue generated from the signature (glue.py: pareval::call, ARGS, ITEM_SIZE,
// IS_VECTOR; driver.hpp declares what the two share). glue.py prepends the mode's definitions
// (PAREVAL_MPI, PAREVAL_MPI_KINDS, PAREVAL_OMP). One process serially, every rank under mpirun; with
// PAREVAL_OMP (omp and mpi+omp modes) each process runs OpenMP threads, OMP_NUM_THREADS set by the harness.
//
// Usage: ./answer SPEC, SPEC holding "PAREVAL-SPEC 1", the number of cases, the repetitions per case and
// the paths of the inputs, outputs and meta files. Every rank reads every case (inputs.bin: per case, per
// argument, a uint64 count and the raw elements), rebuilds the arguments and calls the candidate
// `repeats` times on fresh copies; only the call itself is timed. On rank 0 it writes outputs.bin (per
// finished case, per output: uint64 count and elements; then the return value) and, last, meta.bin (see
// main). MPI belongs to the driver: it calls PMPI_Init/PMPI_Finalize; the candidate's MPI_Init and
// MPI_Finalize are no-ops of the accounting layer (mpiwrap.cpp), which also counts the candidate's calls
// and the CPU time spent inside MPI; in hybrid mode MPI starts with MPI_THREAD_FUNNELED. With PAREVAL_OMP the
// OpenMP accounting layer (ompwrap.cpp) counts the candidate's parallel regions and each worker thread's CPU
// inside them, so every thread is a unit of compute like a rank. Exit status: 0 done, 3 the candidate threw (its text in meta.bin),
// 4 the driver could not read its inputs or write its results. Every name of ours is in namespace pareval
// or internal: a candidate's own names cannot meet them.
#include "driver.hpp"
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <string>
#include <vector>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef PAREVAL_MPI
extern "C" long long pareval_mpi_counts[PAREVAL_MPI_KINDS];
extern "C" double pareval_mpi_cpu_seconds;
#endif
#ifdef PAREVAL_OMP
#include <atomic>
#include <omp.h>
#define PAREVAL_OMP_SLOTS 256
extern "C" std::atomic<long long> pareval_omp_regions;
extern "C" double pareval_omp_cpu[PAREVAL_OMP_SLOTS];
extern "C" std::atomic<int> pareval_omp_slots;
extern "C" double pareval_omp_main_wait;
#endif

namespace pareval {

static const int ERROR_TEXT = 480;

[[noreturn]] static void fail(const char* what, const char* detail) {
  std::fprintf(stderr, "pareval driver: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  std::fflush(stderr);
#ifdef PAREVAL_MPI
  PMPI_Abort(MPI_COMM_WORLD, 4);
#endif
  _exit(4);
}

static std::string read_file(const char* path) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) fail("cannot read", path);
  std::string data(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = read(fd, &data[done], data.size() - done);
    if (n <= 0) fail("short read of", path);
    done += static_cast<size_t>(n);
  }
  close(fd);
  return data;
}

// Replace `path` by a new regular file holding `data`: never write through what a candidate left there
// (a symlink, a FIFO, a file another process holds open).
static void write_file(const std::string& path, const std::string& data) {
  unlink(path.c_str());
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot create", path.c_str());
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", path.c_str());
    done += static_cast<size_t>(n);
  }
  if (close(fd) != 0) fail("cannot write", path.c_str());
}

static std::vector<Case> parse_inputs(const std::string& blob, int cases) {
  std::vector<Case> out(static_cast<size_t>(cases));
  size_t at = 0;
  for (auto& c : out) {
    c.data.resize(static_cast<size_t>(ARGS) + 1);
    c.count.resize(static_cast<size_t>(ARGS) + 1);
    for (int a = 0; a < ARGS; ++a) {
      uint64_t count;
      if (blob.size() - at < sizeof count) fail("inputs.bin is truncated", nullptr);
      std::memcpy(&count, blob.data() + at, sizeof count);
      at += sizeof count;
      if (count > (blob.size() - at) / ITEM_SIZE[a] || (!IS_VECTOR[a] && count != 1))
        fail("inputs.bin does not match the signature", nullptr);
      c.data[a] = blob.data() + at;
      c.count[a] = count;
      at += count * ITEM_SIZE[a];
    }
  }
  if (at != blob.size()) fail("inputs.bin does not match the signature", nullptr);
  return out;
}

static double cpu_now(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

// Under RLIMIT_CPU the kernel samples the process clock at scheduler ticks (4 ms here), so a short call
// reads 0. The calling thread's clock is exact; the process clock only adds what other threads did
// (work hidden in a thread still counts), beyond a margin of a couple of ticks.
static const double OTHER_THREADS_MARGIN_S = 0.01;

static double mpi_cpu_now() {
#ifdef PAREVAL_MPI
  return pareval_mpi_cpu_seconds;
#else
  return 0.0;
#endif
}

// OpenMP threads per process (the harness's OMP_NUM_THREADS, read before the candidate runs): each is a
// unit of the work division. 1 without PAREVAL_OMP.
int threads = 1;

static int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::steady_clock::now().time_since_epoch()).count();
}

void Clock::start() {
#ifdef PAREVAL_MPI
  PMPI_Barrier(MPI_COMM_WORLD);  // every rank starts the call together
#endif
  mpi = mpi_cpu_now();
#ifdef PAREVAL_OMP
  workers.assign(pareval_omp_cpu, pareval_omp_cpu + PAREVAL_OMP_SLOTS);
  omp_wait = pareval_omp_main_wait;
#endif
  process = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
  thread = cpu_now(CLOCK_THREAD_CPUTIME_ID);
  wall_ns = steady_ns();
}

void Clock::stop() {
  int64_t end = steady_ns();
  double own = cpu_now(CLOCK_THREAD_CPUTIME_ID) - thread;
  double all = cpu_now(CLOCK_PROCESS_CPUTIME_ID) - process;
  wall_seconds = 1e-9 * static_cast<double>(end - wall_ns);
  units.assign(static_cast<size_t>(threads), 0.0);
  double in_regions = 0, waiting = 0;
#ifdef PAREVAL_OMP
  waiting = pareval_omp_main_wait - omp_wait;  // the calling thread's CPU inside libgomp's waits (ompwrap.cpp)
  // Worker thread k's CPU inside parallel regions is unit 1 + k (more workers than threads, which
  // OMP_THREAD_LIMIT prevents, would share units).
  int slots = pareval_omp_slots.load();
  if (slots > PAREVAL_OMP_SLOTS) slots = PAREVAL_OMP_SLOTS;
  for (int k = 0; k < slots; ++k) {
    double spent = pareval_omp_cpu[k] - workers[static_cast<size_t>(k)];
    if (spent < 0) spent = 0;
    in_regions += spent;
    units[static_cast<size_t>(threads > 1 ? 1 + k % (threads - 1) : 0)] += spent;
  }
#endif
  // The calling thread's own CPU, and whatever other threads computed outside measured regions (threads
  // the candidate started itself: serial work as far as the division is concerned). Not with OpenMP: its
  // idle workers spin between regions, which is not work (a program that hides work in threads of its own
  // there leaves an OpenMP thread idle, which the division rules see).
#ifdef PAREVAL_OMP
  double others = 0;
  (void)all;
#else
  double others = all - own - in_regions - OTHER_THREADS_MARGIN_S;
#endif
  units[0] += own - (mpi_cpu_now() - mpi) - waiting + (others > 0 ? others : 0);
  if (units[0] < 0) units[0] = 0;
  compute_seconds = 0;
  for (double u : units) compute_seconds = u > compute_seconds ? u : compute_seconds;
}

}  // namespace pareval

// Before any static initialiser of the candidate (priority 101 runs first): MPI is up even for them.
__attribute__((constructor(101))) static void pareval_start() {
  std::signal(SIGXFSZ, SIG_IGN);  // a write past the file size limit fails (EFBIG) instead of killing us
  // Hold our own copies of stdout and stderr: a candidate closing fd 1 and 2 must not look like a finished
  // run to whoever reads the other end (end of file on both pipes).
  fcntl(1, F_DUPFD_CLOEXEC, 3);
  fcntl(2, F_DUPFD_CLOEXEC, 3);
#ifdef PAREVAL_OMP
  pareval::threads = omp_get_max_threads();
#endif
#if defined(PAREVAL_MPI) && defined(PAREVAL_OMP)
  int provided = 0;  // MPI calls from the main thread only (the hybrid prompt's contract)
  PMPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
#elif defined(PAREVAL_MPI)
  PMPI_Init(nullptr, nullptr);
#endif
}

int main(int argc, char** argv) {
  using namespace pareval;
  int rank = 0, ranks = 1;
#ifdef PAREVAL_MPI
  PMPI_Comm_rank(MPI_COMM_WORLD, &rank);
  PMPI_Comm_size(MPI_COMM_WORLD, &ranks);
#endif
  if (argc != 2) fail("usage: answer SPEC", nullptr);
  int cases = 0, repeats = 0;
  std::vector<std::string> lines;  // the mark, "cases repeats", then one path per line (spaces allowed)
  {
    std::string spec = read_file(argv[1]), line;
    for (char ch : spec) {
      if (ch == '\n') lines.push_back(line), line.clear();
      else line += ch;
    }
    if (lines.size() != 5 || lines[0] != "PAREVAL-SPEC 1" ||
        std::sscanf(lines[1].c_str(), "%d %d", &cases, &repeats) != 2 || cases < 0 || repeats < 1)
      fail("malformed spec", argv[1]);
  }
  const char* inputs = lines[2].c_str();
  const std::string& outputs = lines[3];
  const std::string& meta = lines[4];
  const std::string blob = read_file(inputs);
  const std::vector<Case> all = parse_inputs(blob, cases);

  std::string results;  // outputs.bin, rank 0 only
  std::vector<double> wall;     // [case][repetition], max over ranks
  std::vector<double> compute;  // [case][rank][thread], of the repetition whose busiest unit was least
  char error[ERROR_TEXT + 32] = "";
  int done = 0;
  for (int c = 0; c < cases && !error[0]; ++c) {
    double best_compute = -1;
    std::vector<double> best_units(static_cast<size_t>(threads), 0.0);
    for (int r = 0; r < repeats; ++r) {
      Clock clock;
      char mine[ERROR_TEXT] = "";
      bool last = r == repeats - 1 && rank == 0;
      size_t mark = results.size();
      try {
        call(all[static_cast<size_t>(c)], clock, last ? &results : nullptr);
      } catch (const std::exception& e) {
        std::snprintf(mine, sizeof mine, "uncaught exception: %s", e.what());
      } catch (...) {
        std::snprintf(mine, sizeof mine, "uncaught non-standard exception");
      }
      int failed_rank = mine[0] ? rank : ranks;
      double slowest = clock.wall_seconds;
#ifdef PAREVAL_MPI
      // Every rank learns whether any rank failed, and stops with it; the first failing rank's text wins.
      int first = ranks;
      PMPI_Allreduce(&failed_rank, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
      failed_rank = first;
      if (failed_rank < ranks) PMPI_Bcast(mine, ERROR_TEXT, MPI_CHAR, failed_rank, MPI_COMM_WORLD);
      PMPI_Reduce(&clock.wall_seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
#endif
      if (failed_rank < ranks) {
        mine[ERROR_TEXT - 1] = '\0';
        if (ranks > 1)
          std::snprintf(error, sizeof error, "rank %d: %s", failed_rank, mine);
        else
          std::snprintf(error, sizeof error, "%s", mine);
        results.resize(mark);  // no half-written case
        break;
      }
      wall.push_back(slowest);
      if (best_compute < 0 || clock.compute_seconds < best_compute) {
        best_compute = clock.compute_seconds;
        best_units = clock.units;
      }
    }
    if (error[0]) {
      wall.resize(static_cast<size_t>(done) * repeats);
      break;
    }
    std::vector<double> per_rank(best_units);
#ifdef PAREVAL_MPI
    per_rank.resize(static_cast<size_t>(ranks) * threads);
    PMPI_Gather(best_units.data(), threads, MPI_DOUBLE, per_rank.data(), threads, MPI_DOUBLE, 0, MPI_COMM_WORLD);
#endif
    compute.insert(compute.end(), per_rank.begin(), per_rank.end());
    ++done;
  }

  std::vector<long long> counts(PAREVAL_MPI_KINDS, 0);
  long long regions = 0;  // parallel regions with more than one thread, summed over ranks
#ifdef PAREVAL_OMP
  regions = pareval_omp_regions.load();
#endif
#ifdef PAREVAL_MPI
  PMPI_Reduce(pareval_mpi_counts, counts.data(), PAREVAL_MPI_KINDS, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
  long long mine = regions;
  PMPI_Reduce(&mine, &regions, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
#endif
  if (rank == 0) {
    // meta.bin: magic, ranks, threads, finished cases, repetitions, kinds (uint32 each); wall seconds
    // [case][repetition]; compute seconds [case][rank][thread]; MPI calls per kind (int64); OpenMP
    // parallel regions with more than one thread (int64); the error's length (uint32) and text. Written
    // after outputs.bin: its presence says the driver got to the end.
    std::string out("PAREVAL-META-2\n", 15);
    put(out, static_cast<uint32_t>(ranks));
    put(out, static_cast<uint32_t>(threads));
    put(out, static_cast<uint32_t>(done));
    put(out, static_cast<uint32_t>(repeats));
    put(out, static_cast<uint32_t>(PAREVAL_MPI_KINDS));
    for (double s : wall) put(out, s);
    for (double s : compute) put(out, s);
    for (long long n : counts) put(out, static_cast<int64_t>(n));
    put(out, static_cast<int64_t>(regions));
    uint32_t length = static_cast<uint32_t>(std::strlen(error));
    put(out, length);
    out.append(error, length);
    write_file(outputs, results);
    write_file(meta, out);
  }
  int status = error[0] ? 3 : 0;
#ifdef PAREVAL_MPI
  PMPI_Finalize();
  // MPICH needs its exit-time handlers: a rank leaving by _exit() after MPI_Finalize is at times reported
  // killed (1 launch in 5 at 3 ranks here). So the candidate's atexit handlers and static destructors run
  // too; whatever they do to the result files, reading them stays safe (exchange.py).
  std::exit(status);
#else
  std::fflush(nullptr);
  _exit(status);  // no destructors or atexit handlers of the candidate after this point
#endif
}
