// mode: serial  outcome: wrong
// Writes a 10 GB file into its working directory. The file size limit cuts it short: the process gets
// SIGXFSZ, which the driver ignores: a write fails with EFBIG and it answers -1.
#include <cstdio>
double sumOfSquares(const std::vector<double> &x) {
  std::vector<char> block(1 << 20, 'z');
  FILE* f = std::fopen("big.bin", "wb");
  for (long i = 0; f && i < 10 * 1024; ++i) {
    if (std::fwrite(block.data(), 1, block.size(), f) != block.size()) return -1;  // EFBIG: wrong answer
  }
  return 0;
}
