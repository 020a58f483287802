// mode: serial  outcome: build_fail
// Every level doubles the length of the type's name: the compiler's memory and time grow as 2^N.
#include <utility>
template <class T, int N> struct Grow { using type = typename Grow<std::pair<T, T>, N - 1>::type; };
template <class T> struct Grow<T, 0> { using type = T; };
static Grow<int, 40>::type explosion;
double sumOfSquares(const std::vector<double> &x) {
  double s = 0;
  for (double v : x) s += v * v;
  return s + sizeof(explosion) * 0;
}
