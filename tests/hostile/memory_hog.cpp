// mode: serial  outcome: run_fail
// Takes memory (and touches it) until the allocation fails or the process is killed.
#include <cstring>
double sumOfSquares(const std::vector<double> &x) {
  std::vector<char*> hoard;
  for (;;) {
    char* block = new char[256 << 20];
    std::memset(block, 1, 256 << 20);
    hoard.push_back(block);
  }
  return 0;
}
