// mode: serial  outcome: timeout
double sumOfSquares(const std::vector<double> &x) {
  volatile double s = 0;
  for (;;) s = s + 1;
  return s;
}
