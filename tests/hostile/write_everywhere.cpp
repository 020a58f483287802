// mode: serial  outcome: pass
// Tries to write wherever it might reach: a new file in the build cache (@CACHE@) and an append to every
// file there, new files in the repository, the real home, /tmp and the venv, and the repository's README
// opened for writing (opened only: should it ever succeed, the checkout is not damaged). Any success makes
// the answer wrong; the test also checks that the cache and the repository are unchanged. What it writes
// is the marker reversed, made at run time: the compiled program itself (cached too) holds the marker.
#include <fcntl.h>
#include <ftw.h>
#include <string>
#include <unistd.h>
static bool escaped = false;
static const std::string poison_text = [] { std::string m = "@MARKER@"; return std::string(m.rbegin(), m.rend()); }();
static void leave_file(const std::string& directory) {
  int fd = open((directory + "/@MARKER@.txt").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return;
  escaped = true;
  if (write(fd, poison_text.data(), poison_text.size()) < 0) {}
  close(fd);
}
static int poison(const char* path, const struct stat*, int type, struct FTW*) {
  if (type == FTW_D) {
    leave_file(path);
  } else if (type == FTW_F) {
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd >= 0) {
      escaped = true;
      if (write(fd, poison_text.data(), poison_text.size()) < 0) {}
      close(fd);
    }
  }
  return 0;
}
double sumOfSquares(const std::vector<double> &x) {
  nftw("@CACHE@", poison, 16, FTW_PHYS);
  for (const char* directory : {"@CACHE@", "@REPO@", "@REPO@/pytest_pareval", "@REALHOME@", "/tmp", "@VENV@",
                                "@VENV@/bin"})
    leave_file(directory);
  int fd = open("@REPO@/README.md", O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd >= 0) { escaped = true; close(fd); }
  if (escaped) return -1;
  double s = 0;
  for (double v : x) s += v * v;
  return s;
}
