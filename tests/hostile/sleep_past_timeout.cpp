// mode: serial  outcome: timeout
#include <unistd.h>
double sumOfSquares(const std::vector<double> &x) {
  sleep(100000);
  return 0;
}
