// mode: serial  outcome: run_fail
// Throws an exception whose text holds the secrets and terminal escapes: the same redaction applies.
#include <stdexcept>
double sumOfSquares(const std::vector<double> &x) {
  throw std::runtime_error("\x1b[2Jkey=sk-@MARKER@\x07 models=@MODELKEY@");
}
