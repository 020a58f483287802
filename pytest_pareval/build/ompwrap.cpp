// The OpenMP accounting layer of a compiled answer (omp and mpi+omp modes): linked into the program, it
// defines libgomp's entry points for parallel regions (what g++ -fopenmp emits for `#pragma omp parallel`,
// `parallel for`, `parallel sections`), counts the regions the candidate starts, and forwards each call to
// libgomp (dlsym RTLD_NEXT) with the region's body wrapped, so that every worker thread's CPU time inside
// regions is measured with its own exact clock (CLOCK_THREAD_CPUTIME_ID).
//
// What the driver reads (driver.cpp, PAREVAL_OMP):
//  - pareval_omp_regions: regions that ran with a team of more than one thread. A region with one thread
//    (`if(0)`, OMP_NUM_THREADS=1, a nested inactive region) is not parallel.
//  - pareval_omp_cpu[slot]: CPU seconds each worker OS thread spent inside region bodies, one slot per
//    thread (its own: no two threads write the same slot). The calling thread (the process's main
//    thread, which runs the candidate) is not a slot: the driver measures it whole, so what it does
//    outside regions counts as its work, as it should.
// CPU of other threads the candidate starts some other way (std::thread, pthread_create) is in no slot:
// the driver adds it to the calling thread's share, i.e. it reads as serial work.
//
// Waiting is not work: the CPU a thread spends inside libgomp's synchronisation (barriers, the end of a
// worksharing loop or sections, critical/atomic/ordered entry; and the calling thread's start-up and join of
// a region) is left out of its figure, as MPI's CPU is (a dense Dijkstra with a barrier per step spent as much
// CPU in futex waits and wake-ups as in relaxing edges). Threads waiting at a barrier run pending tasks,
// which is work: once the program has created a task (GOMP_task, GOMP_taskloop), nothing is left out any
// more. Built with GCC 11 or later only (the task entry points' signatures); otherwise waits count as work.
//
// Host `teams` constructs are not wrapped: libgomp runs host teams one after another on the calling
// thread, so they are not parallel by themselves (a parallel region inside them is counted as one).
#include <dlfcn.h>
#include <omp.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <atomic>
#include <cstdio>
#include <cstdlib>

#define PAREVAL_OMP_SLOTS 256

extern "C" {
std::atomic<long long> pareval_omp_regions{0};
double pareval_omp_cpu[PAREVAL_OMP_SLOTS];
std::atomic<int> pareval_omp_slots{0};
double pareval_omp_main_wait;  // CPU seconds the calling (main) thread spent waiting in libgomp
}

#if defined(__GNUC__) && __GNUC__ >= 11 && !defined(__clang__)
#define PAREVAL_OMP_WAITS 1
#endif

namespace {

thread_local int slot = -1;    // this worker thread's slot in pareval_omp_cpu
thread_local int depth = 0;    // nesting of region bodies on this thread: only the outermost is timed
thread_local int is_main = -1;
thread_local double waited = 0;  // this thread's CPU seconds waiting in libgomp
std::atomic<bool> tasks_made{false};

double cpu_now() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

bool main_thread() {
  if (is_main < 0) is_main = syscall(SYS_gettid) == getpid();
  return is_main == 1;
}

struct Body {
  void (*fn)(void*);
  void* data;
};

void add_wait(double seconds) {
  if (tasks_made.load(std::memory_order_relaxed) || seconds <= 0) return;
  waited += seconds;
  if (main_thread()) pareval_omp_main_wait += seconds;
}

// The calling thread's CPU in a region call beyond its own body: waking the team and joining it.
thread_local double main_body = 0;
struct MainRegion {
  bool on = main_thread() && depth == 0;
  double start = on ? cpu_now() : 0, body_before = main_body;
  ~MainRegion() {
    if (on) add_wait((cpu_now() - start) - (main_body - body_before));
  }
};

// Every thread of the team runs the region's body through this.
void body(void* arg) {
  Body* b = static_cast<Body*>(arg);
  if (omp_get_thread_num() == 1) ++pareval_omp_regions;  // thread 1 exists only in a team of 2 or more
  if (main_thread() || depth > 0) {  // the driver times the main thread whole; nested bodies are inside
    bool outer = main_thread() && depth == 0;
    double start = outer ? cpu_now() : 0;
    ++depth;
    b->fn(b->data);
    --depth;
    if (outer) main_body += cpu_now() - start;
    return;
  }
  if (slot < 0) slot = pareval_omp_slots++ % PAREVAL_OMP_SLOTS;  // more threads than slots share slots
  ++depth;
  double start = cpu_now(), waited_before = waited;
  b->fn(b->data);
  double spent = cpu_now() - start - (waited - waited_before);
  --depth;
  // Slots are shared only beyond PAREVAL_OMP_SLOTS threads (the sandbox allows far fewer): then the
  // figure is approximate, never a crash.
  if (spent > 0) pareval_omp_cpu[slot] += spent;
}

template <typename F>
F next(const char* name) {
  void* found = dlsym(RTLD_NEXT, name);
  if (!found) {
    std::fprintf(stderr, "pareval driver: libgomp has no %s\n", name);
    std::_Exit(4);
  }
  return reinterpret_cast<F>(found);
}

// The legacy start/end API (GOMP_parallel_start ... GOMP_parallel_end): the main thread runs the body
// itself between the two calls, the workers through `body`; the Body lives until the end call.
thread_local Body* pending[8];
thread_local int pending_count = 0;

Body* hold(void (*fn)(void*), void* data) {
  Body* b = new Body{fn, data};
  if (pending_count < 8) pending[pending_count] = b;
  ++pending_count;
  return b;
}

}  // namespace

using Fn = void (*)(void*);

extern "C" {

void GOMP_parallel(Fn fn, void* data, unsigned threads, unsigned flags) {
  static auto real = next<void (*)(Fn, void*, unsigned, unsigned)>("GOMP_parallel");
  MainRegion region;
  Body b{fn, data};
  real(body, &b, threads, flags);
}

unsigned GOMP_parallel_reductions(Fn fn, void* data, unsigned threads, unsigned flags) {
  static auto real = next<unsigned (*)(Fn, void*, unsigned, unsigned)>("GOMP_parallel_reductions");
  MainRegion region;
  Body b{fn, data};
  return real(body, &b, threads, flags);
}

void GOMP_parallel_sections(Fn fn, void* data, unsigned threads, unsigned count, unsigned flags) {
  static auto real = next<void (*)(Fn, void*, unsigned, unsigned, unsigned)>("GOMP_parallel_sections");
  MainRegion region;
  Body b{fn, data};
  real(body, &b, threads, count, flags);
}

#define PAREVAL_LOOP(name)                                                                              \
  void name(Fn fn, void* data, unsigned threads, long start, long end, long incr, long chunk,             \
            unsigned flags) {                                                                           \
    static auto real = next<void (*)(Fn, void*, unsigned, long, long, long, long, unsigned)>(#name);    \
    MainRegion region;                                                                                  \
    Body b{fn, data};                                                                                   \
    real(body, &b, threads, start, end, incr, chunk, flags);                                            \
  }
PAREVAL_LOOP(GOMP_parallel_loop_static)
PAREVAL_LOOP(GOMP_parallel_loop_dynamic)
PAREVAL_LOOP(GOMP_parallel_loop_guided)
PAREVAL_LOOP(GOMP_parallel_loop_nonmonotonic_dynamic)
PAREVAL_LOOP(GOMP_parallel_loop_nonmonotonic_guided)

#define PAREVAL_RUNTIME_LOOP(name)                                                                      \
  void name(Fn fn, void* data, unsigned threads, long start, long end, long incr, unsigned flags) {      \
    static auto real = next<void (*)(Fn, void*, unsigned, long, long, long, unsigned)>(#name);          \
    MainRegion region;                                                                                  \
    Body b{fn, data};                                                                                   \
    real(body, &b, threads, start, end, incr, flags);                                                   \
  }
PAREVAL_RUNTIME_LOOP(GOMP_parallel_loop_runtime)
PAREVAL_RUNTIME_LOOP(GOMP_parallel_loop_nonmonotonic_runtime)
PAREVAL_RUNTIME_LOOP(GOMP_parallel_loop_maybe_nonmonotonic_runtime)

// Legacy API (GCC before 4.9 emitted it; a candidate may still call it by hand).
void GOMP_parallel_start(Fn fn, void* data, unsigned threads) {
  static auto real = next<void (*)(Fn, void*, unsigned)>("GOMP_parallel_start");
  real(body, hold(fn, data), threads);
}

#define PAREVAL_LOOP_START(name)                                                                        \
  void name(Fn fn, void* data, unsigned threads, long start, long end, long incr, long chunk) {         \
    static auto real = next<void (*)(Fn, void*, unsigned, long, long, long, long)>(#name);              \
    real(body, hold(fn, data), threads, start, end, incr, chunk);                                       \
  }
PAREVAL_LOOP_START(GOMP_parallel_loop_static_start)
PAREVAL_LOOP_START(GOMP_parallel_loop_dynamic_start)
PAREVAL_LOOP_START(GOMP_parallel_loop_guided_start)

void GOMP_parallel_loop_runtime_start(Fn fn, void* data, unsigned threads, long start, long end, long incr) {
  static auto real = next<void (*)(Fn, void*, unsigned, long, long, long)>("GOMP_parallel_loop_runtime_start");
  real(body, hold(fn, data), threads, start, end, incr);
}

void GOMP_parallel_sections_start(Fn fn, void* data, unsigned threads, unsigned count) {
  static auto real = next<void (*)(Fn, void*, unsigned, unsigned)>("GOMP_parallel_sections_start");
  real(body, hold(fn, data), threads, count);
}

void GOMP_parallel_end(void) {
  static auto real = next<void (*)(void)>("GOMP_parallel_end");
  real();
  if (pending_count > 0) {
    --pending_count;
    if (pending_count < 8) delete pending[pending_count];
  }
}

#ifdef PAREVAL_OMP_WAITS
// Synchronisation: forwarded, its CPU left out (add_wait).
#define PAREVAL_WAIT(name, params, args)                                                                \
  void name params {                                                                                    \
    static auto real = next<void (*) params>(#name);                                                    \
    double start = cpu_now();                                                                           \
    real args;                                                                                          \
    add_wait(cpu_now() - start);                                                                        \
  }
#define PAREVAL_WAIT_BOOL(name)                                                                         \
  bool name(void) {                                                                                     \
    static auto real = next<bool (*)(void)>(#name);                                                     \
    double start = cpu_now();                                                                           \
    bool cancelled = real();                                                                            \
    add_wait(cpu_now() - start);                                                                        \
    return cancelled;                                                                                   \
  }
PAREVAL_WAIT(GOMP_barrier, (void), ())
PAREVAL_WAIT(GOMP_loop_end, (void), ())
PAREVAL_WAIT(GOMP_sections_end, (void), ())
PAREVAL_WAIT(GOMP_critical_start, (void), ())
PAREVAL_WAIT(GOMP_critical_name_start, (void** name), (name))
PAREVAL_WAIT(GOMP_atomic_start, (void), ())
PAREVAL_WAIT(GOMP_ordered_start, (void), ())
PAREVAL_WAIT_BOOL(GOMP_barrier_cancel)
PAREVAL_WAIT_BOOL(GOMP_loop_end_cancel)
PAREVAL_WAIT_BOOL(GOMP_sections_end_cancel)

// Tasks: forwarded unchanged; from the first one on, waits may run tasks, so none is left out.
void GOMP_task(Fn fn, void* data, void (*cpyfn)(void*, void*), long arg_size, long arg_align, bool if_clause,
               unsigned flags, void** depend, int priority, void* detach) {
  static auto real = next<void (*)(Fn, void*, void (*)(void*, void*), long, long, bool, unsigned, void**, int,
                                   void*)>("GOMP_task");
  tasks_made.store(true, std::memory_order_relaxed);
  real(fn, data, cpyfn, arg_size, arg_align, if_clause, flags, depend, priority, detach);
}

void GOMP_taskloop(Fn fn, void* data, void (*cpyfn)(void*, void*), long arg_size, long arg_align, unsigned flags,
                   unsigned long num_tasks, int priority, long start, long end, long step) {
  static auto real = next<void (*)(Fn, void*, void (*)(void*, void*), long, long, unsigned, unsigned long, int,
                                   long, long, long)>("GOMP_taskloop");
  tasks_made.store(true, std::memory_order_relaxed);
  real(fn, data, cpyfn, arg_size, arg_align, flags, num_tasks, priority, start, end, step);
}

void GOMP_taskloop_ull(Fn fn, void* data, void (*cpyfn)(void*, void*), long arg_size, long arg_align,
                       unsigned flags, unsigned long num_tasks, int priority, unsigned long long start,
                       unsigned long long end, unsigned long long step) {
  static auto real = next<void (*)(Fn, void*, void (*)(void*, void*), long, long, unsigned, unsigned long, int,
                                   unsigned long long, unsigned long long, unsigned long long)>("GOMP_taskloop_ull");
  tasks_made.store(true, std::memory_order_relaxed);
  real(fn, data, cpyfn, arg_size, arg_align, flags, num_tasks, priority, start, end, step);
}
#endif

}  // extern "C"
