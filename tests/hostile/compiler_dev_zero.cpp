// mode: serial  outcome: build_fail
// The preprocessor reads an endless file.
#include "/dev/zero"
double sumOfSquares(const std::vector<double> &x) { return 0; }
