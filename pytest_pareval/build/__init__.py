"""Stage 3, build: one program per answer (compile.py) from the answer, the glue generated from its
signature (glue.py), the compiled driver (driver.cpp, driver.hpp, the prelude pareval.hpp) and, for MPI,
the accounting layer generated from mpi.h (mpiwrap.py)."""
