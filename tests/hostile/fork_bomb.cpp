// mode: serial  outcome: timeout
// Forks without end; every child forks too. The pids limit stops the growth, the timeout the loop.
#include <unistd.h>
double sumOfSquares(const std::vector<double> &x) {
  for (;;) fork();
  return 0;
}
