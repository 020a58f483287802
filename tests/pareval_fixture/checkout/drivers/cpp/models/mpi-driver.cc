// Fixture for pytest-pareval's tests: an MPI main in the shape of ParEval's (same interface and output).
#include <cstdio>
#include <string>
#include <mpi.h>

struct Context;
Context *init();
void compute(Context *);
void best(Context *);
bool validate(Context *);
void reset(Context *);
void destroy(Context *);

static double seconds_of(void (*fn)(Context *), Context *ctx, int repeat) {
    double total = 0;
    for (int i = 0; i < repeat; ++i) {
        double t0 = MPI_Wtime();
        fn(ctx);
        total += MPI_Wtime() - t0;
        MPI_Barrier(MPI_COMM_WORLD);
        reset(ctx);
    }
    return repeat ? total / repeat : 0.0;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int repeat = argc > 1 ? std::stoi(argv[1]) : 3, rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    Context *ctx = init();
    bool ok = validate(ctx);
    if (rank == 0) std::printf("Validation: %s\n", ok ? "PASS" : "FAIL");
    if (ok) {
        double t = seconds_of(compute, ctx, repeat), b = seconds_of(best, ctx, repeat);
        if (rank == 0) std::printf("Time: %.9f\nBestSequential: %.9f\n", t, b);
    }
    destroy(ctx);
    MPI_Finalize();
    return 0;
}
