// Fixture for pytest-pareval's tests: helpers in the shape ParEval's problem drivers expect.
#pragma once
#include <cmath>
#include <cstdlib>
#include <vector>

#if !defined(DRIVER_PROBLEM_SIZE)
#error "DRIVER_PROBLEM_SIZE must be defined"
#endif
#define NO_OPTIMIZE __attribute__((optimize("O0")))
#define NO_INLINE __attribute__((noinline))
#if !defined(MAX_VALIDATION_ATTEMPTS)
#define MAX_VALIDATION_ATTEMPTS 2
#endif

#if defined(USE_MPI)
#include <mpi.h>
#define IS_ROOT(r) ((r) == 0)
#define BCAST(v, t) MPI_Bcast((v).data(), (v).size(), MPI_##t, 0, MPI_COMM_WORLD)
#define BCAST_PTR(p, n, t) MPI_Bcast(p, n, MPI_##t, 0, MPI_COMM_WORLD)
#define SYNC() MPI_Barrier(MPI_COMM_WORLD)
#define GET_RANK(r) MPI_Comm_rank(MPI_COMM_WORLD, &(r))
#else
#define IS_ROOT(r) true
#define BCAST(v, t)
#define BCAST_PTR(p, n, t)
#define SYNC()
#define GET_RANK(r) r = 0
#endif

template <typename V, typename T>
void fillRand(V &v, T lo, T hi) {
    for (auto &x : v) x = lo + (T)((hi - lo) * (std::rand() / (double)RAND_MAX));
}

template <typename V>
bool fequal(V const& a, V const& b, double eps) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::abs(a[i] - b[i]) > eps) return false;
    return true;
}
