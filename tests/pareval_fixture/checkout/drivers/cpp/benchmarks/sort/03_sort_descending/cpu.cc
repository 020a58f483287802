// Fixture for pytest-pareval's tests: the driver of 03_sort_descending (serial and MPI).
#include <vector>
#include "utilities.hpp"
#include "baseline.hpp"
#include "generated-code.hpp"

struct Context { std::vector<int> x; };

void reset(Context *c) { fillRand(c->x, 0, 100000); BCAST(c->x, INT); }
Context *init() { Context *c = new Context(); c->x.resize(DRIVER_PROBLEM_SIZE); reset(c); return c; }
void NO_OPTIMIZE compute(Context *c) { sortDescending(c->x); }
void NO_OPTIMIZE best(Context *c) { referenceSortDescending(c->x); }

bool validate(Context *c) {
    int rank;
    GET_RANK(rank);
    std::vector<int> in(300), want, got;
    for (int t = 0; t < MAX_VALIDATION_ATTEMPTS; ++t) {
        fillRand(in, 0, 100000);
        BCAST(in, INT);
        want = got = in;
        referenceSortDescending(want);
        sortDescending(got);
        SYNC();
        bool ok = !IS_ROOT(rank) || want == got;
        BCAST_PTR(&ok, 1, CXX_BOOL);
        if (!ok) return false;
    }
    return true;
}

void destroy(Context *c) { delete c; }
