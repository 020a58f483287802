// mode: serial  outcome: pass
// Tries to leave files next to the source tree, in the real home, in /tmp and above its own directory.
// Any file it manages to create makes the answer wrong (the test also checks that none exists).
#include <cstdio>
#include <cstdlib>
#include <string>
static bool leave(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  std::fputs("@MARKER@", f);
  std::fclose(f);
  return true;
}
double sumOfSquares(const std::vector<double> &x) {
  bool escaped = false;
  for (const char* path : {"@REPO@/@MARKER@.txt", "@REPO@/pytest_pareval/@MARKER@.py", "@REALHOME@/@MARKER@.txt",
                           "/tmp/@MARKER@.txt", "../../@MARKER@.txt", "../@MARKER@.txt"})
    escaped |= leave(path);
  leave("/dev/shm/@MARKER@.txt");  // a private /dev/shm inside the sandbox: allowed, gone afterwards
  escaped |= std::system("touch /tmp/@MARKER@.sh.txt 2>/dev/null") == 0;
  if (escaped) return -1;
  double s = 0;
  for (double v : x) s += v * v;
  return s;
}
