// mode: serial  outcome: run_fail
// Prints secrets it should never know (the API key in pytest's environment, a models file's api_key) with
// terminal escapes to stderr, then aborts: the message keeps the stderr tail, with the secrets replaced by
// [redacted] and the control characters gone, in results.jsonl and report.md alike.
#include <cstdio>
#include <cstdlib>
double sumOfSquares(const std::vector<double> &x) {
  std::fprintf(stderr, "\x1b[31mkey=sk-@MARKER@\x07 models=@MODELKEY@\r\n");
  std::fflush(stderr);
  std::abort();
}
