// Per-call compute of the answer in ParEval's MPI programs (--pareval-suite, mpi items), for our work-division
// rule. ParEval's driver calls the answer's function from the problem's cpu.cc; in the division's build
// (build/pareval.py: division_source) that name is a forwarding template around the answer (renamed), whose
// pareval_call_scope times every call from outside: CPU of the calling thread, plus CPU other threads of the
// process spent beyond a small margin (threads the answer started: its work), minus the CPU spent inside MPI
// (the accounting layer, mpiwrap, linked beside: MPI busy-polls while a rank waits, which is not work).
//
// At exit every rank appends one line "<rank> <cpu of call 1> <cpu of call 2> ..." (the last PAREVAL_CALLS
// calls) to the file PAREVAL_CALLS_REPORT names. The answer runs in this process and could write that line
// itself: the README says so with what else an answer can forge under ParEval's driver.
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" double pareval_mpi_cpu_seconds;

#define PAREVAL_CALLS 64

namespace {

const double OTHER_THREADS_MARGIN_S = 0.01;
double spent[PAREVAL_CALLS];
long calls = 0;
int depth = 0;

double cpu_now(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int rank_of_process() {
  static const char* const names[] = {"PMI_RANK", "OMPI_COMM_WORLD_RANK", "PMIX_RANK"};
  for (const char* name : names) {
    const char* value = std::getenv(name);
    if (value && *value) return std::atoi(value);
  }
  return 0;
}

__attribute__((destructor)) void report_calls() {
  const char* path = std::getenv("PAREVAL_CALLS_REPORT");
  if (!path || !*path) return;
  std::string line = std::to_string(rank_of_process());
  long first = calls > PAREVAL_CALLS ? calls - PAREVAL_CALLS : 0;
  char number[48];
  for (long i = first; i < calls; ++i) {
    std::snprintf(number, sizeof number, " %.9g", spent[i % PAREVAL_CALLS]);
    line += number;
  }
  line += "\n";
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t written = write(fd, line.data(), line.size());
  (void)written;
  close(fd);
}

}  // namespace

struct pareval_call_scope {
  double own, all, mpi;
  bool outer;
  pareval_call_scope();
  ~pareval_call_scope();
};

pareval_call_scope::pareval_call_scope() : own(0), all(0), mpi(0), outer(depth++ == 0) {
  if (!outer) return;
  mpi = pareval_mpi_cpu_seconds;
  all = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
  own = cpu_now(CLOCK_THREAD_CPUTIME_ID);
}

pareval_call_scope::~pareval_call_scope() {
  --depth;
  if (!outer) return;
  double mine = cpu_now(CLOCK_THREAD_CPUTIME_ID) - own;
  double others = cpu_now(CLOCK_PROCESS_CPUTIME_ID) - all - mine - OTHER_THREADS_MARGIN_S;
  double compute = mine + (others > 0 ? others : 0) - (pareval_mpi_cpu_seconds - mpi);
  spent[calls % PAREVAL_CALLS] = compute > 0 ? compute : 0;
  ++calls;
}
