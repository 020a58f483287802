// Fixture for pytest-pareval's tests: the driver of 02_scan_running_max (serial and MPI).
#include <vector>
#include "utilities.hpp"
#include "baseline.hpp"
#include "generated-code.hpp"

struct Context { std::vector<int> x, out; };

void reset(Context *c) { fillRand(c->x, -1000, 1000); BCAST(c->x, INT); }
Context *init() {
    Context *c = new Context();
    c->x.resize(DRIVER_PROBLEM_SIZE);
    c->out.resize(DRIVER_PROBLEM_SIZE);
    reset(c);
    return c;
}
void NO_OPTIMIZE compute(Context *c) { runningMax(c->x, c->out); }
void NO_OPTIMIZE best(Context *c) { referenceRunningMax(c->x, c->out); }

bool validate(Context *c) {
    int rank;
    GET_RANK(rank);
    std::vector<int> in(512), want(512), got(512);
    for (int t = 0; t < MAX_VALIDATION_ATTEMPTS; ++t) {
        fillRand(in, -1000, 1000);
        BCAST(in, INT);
        referenceRunningMax(in, want);
        runningMax(in, got);
        SYNC();
        bool ok = !IS_ROOT(rank) || want == got;
        BCAST_PTR(&ok, 1, CXX_BOOL);
        if (!ok) return false;
    }
    return true;
}

void destroy(Context *c) { delete c; }
