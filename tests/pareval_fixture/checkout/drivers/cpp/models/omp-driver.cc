// Fixture for pytest-pareval's tests: an OpenMP main in the shape of ParEval's (same interface and output;
// the first argument is the thread count, and the timing loop always runs a fixed number of times).
#include <cstdio>
#include <string>
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
        double t0 = omp_get_wtime();
        fn(ctx);
        total += omp_get_wtime() - t0;
        reset(ctx);
    }
    return total / kRepeat;
}

int main(int argc, char **argv) {
    omp_set_num_threads(argc > 1 ? std::stoi(argv[1]) : 1);
    Context *ctx = init();
    bool ok = validate(ctx);
    std::printf("Validation: %s\n", ok ? "PASS" : "FAIL");
    if (ok) {
        double t = seconds_of(compute, ctx), b = seconds_of(best, ctx);
        std::printf("Time: %.9f\nBestSequential: %.9f\n", t, b);
    }
    destroy(ctx);
    return 0;
}
