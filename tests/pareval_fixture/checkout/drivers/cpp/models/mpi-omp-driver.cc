// Fixture for pytest-pareval's tests: an MPI+OpenMP main in the shape of ParEval's (same interface and
// output; the first argument is each rank's thread count, the timing loop runs a fixed number of times).
#include <cstdio>
#include <string>
#include <mpi.h>
#include <omp.h>

struct Context;
Context *init();
void compute(Context *);
void best(Context *);
bool validate(Context *);
void reset(Context *);
void destroy(Context *);

static const int kRepeat = 3;

static double seconds_of(void (*fn)(Context *), Context *ctx) {
    double total = 0;
    for (int i = 0; i < kRepeat; ++i) {
        double t0 = MPI_Wtime();
        fn(ctx);
        total += MPI_Wtime() - t0;
        MPI_Barrier(MPI_COMM_WORLD);
        reset(ctx);
    }
    return total / kRepeat;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    omp_set_num_threads(argc > 1 ? std::stoi(argv[1]) : 1);
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    Context *ctx = init();
    bool ok = validate(ctx);
    if (rank == 0) std::printf("Validation: %s\n", ok ? "PASS" : "FAIL");
    if (ok) {
        double t = seconds_of(compute, ctx), b = seconds_of(best, ctx);
        if (rank == 0) std::printf("Time: %.9f\nBestSequential: %.9f\n", t, b);
    }
    destroy(ctx);
    MPI_Finalize();
    return 0;
}
