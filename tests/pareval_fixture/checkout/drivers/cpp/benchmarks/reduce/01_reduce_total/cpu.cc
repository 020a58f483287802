// Fixture for pytest-pareval's tests: the driver of 01_reduce_total (serial and MPI).
#include <vector>
#include "utilities.hpp"
#include "baseline.hpp"
#include "generated-code.hpp"

struct Context { std::vector<double> x; double out = 0; };

void reset(Context *c) { fillRand(c->x, -1.0, 1.0); BCAST(c->x, DOUBLE); }
Context *init() { Context *c = new Context(); c->x.resize(DRIVER_PROBLEM_SIZE); reset(c); return c; }
void NO_OPTIMIZE compute(Context *c) { c->out = total(c->x); }
void NO_OPTIMIZE best(Context *c) { c->out = referenceTotal(c->x); }

bool validate(Context *c) {
    int rank;
    GET_RANK(rank);
    std::vector<double> in(1000);  // divides by 1, 2 and 4 ranks, not by 3
    for (int t = 0; t < MAX_VALIDATION_ATTEMPTS; ++t) {
        fillRand(in, -1.0, 1.0);
        BCAST(in, DOUBLE);
        double want = referenceTotal(in), got = total(in);
        SYNC();
        bool ok = !IS_ROOT(rank) || std::abs(want - got) <= 1e-6;
        BCAST_PTR(&ok, 1, CXX_BOOL);
        if (!ok) return false;
    }
    return true;
}

void destroy(Context *c) { delete c; }
