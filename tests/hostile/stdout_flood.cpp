// mode: serial  outcome: run_fail
// Writes 1 GB to stdout.
#include <cstdio>
double sumOfSquares(const std::vector<double> &x) {
  std::vector<char> line(1 << 20, 'y');
  for (int i = 0; i < 1024; ++i) std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
  return 0;
}
