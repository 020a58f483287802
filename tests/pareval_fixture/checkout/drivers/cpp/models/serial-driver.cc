// Fixture for pytest-pareval's tests: a serial main in the shape of ParEval's (same interface and output).
#include <chrono>
#include <cstdio>
#include <string>

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
        auto t0 = std::chrono::steady_clock::now();
        fn(ctx);
        total += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        reset(ctx);
    }
    return repeat ? total / repeat : 0.0;
}

int main(int argc, char **argv) {
    int repeat = argc > 1 ? std::stoi(argv[1]) : 3;
    Context *ctx = init();
    bool ok = validate(ctx);
    std::printf("Validation: %s\n", ok ? "PASS" : "FAIL");
    if (ok) {
        std::printf("Time: %.9f\n", seconds_of(compute, ctx, repeat));
        std::printf("BestSequential: %.9f\n", seconds_of(best, ctx, repeat));
    }
    destroy(ctx);
    return 0;
}
