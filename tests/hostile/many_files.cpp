// mode: serial  outcome: pass
// Writes 64 KB files into its working directory until the disk says no: each file is far below the file
// size limit, so only a bound on the run's whole directory stops it (a size-capped tmpfs: the machine's
// /tmp, where every other item compiles and runs, never fills). Had it written 2 GB without being
// stopped, it answers wrong; stopped, it frees one file so that its results can be written, and answers.
#include <cerrno>
#include <fcntl.h>
#include <string>
#include <unistd.h>
static bool contained() {
  std::string block(64 << 10, 'f');
  for (long i = 0; i < 32768; ++i) {  // 32768 x 64 KB = 2 GB
    std::string name = "f" + std::to_string(i);
    int fd = open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool full = fd < 0;
    for (size_t done = 0; !full && done < block.size();) {  // a short write: the next one says why
      ssize_t n = write(fd, block.data() + done, block.size() - done);
      full = n <= 0;
      done += n > 0 ? (size_t)n : 0;
    }
    int why = errno;
    if (fd >= 0) close(fd);
    if (full) {
      unlink(name.c_str());
      unlink("f0");
      return why == ENOSPC || why == EDQUOT;
    }
  }
  return false;
}
double sumOfSquares(const std::vector<double> &x) {
  static const bool stopped = contained();
  if (!stopped) return -1;
  double s = 0;
  for (double v : x) s += v * v;
  return s;
}
