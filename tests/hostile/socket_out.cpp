// mode: serial  outcome: pass
// Tries to reach a server the test listens with on 127.0.0.1:@PORT@, and a public DNS server.
// Any connection that succeeds makes the answer wrong (the test also checks its server saw nothing).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
static bool reach(const char* ip, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  inet_pton(AF_INET, ip, &to.sin_addr);
  timeval limit{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
  if (ok) (void)!write(fd, "@MARKER@", 8);
  close(fd);
  return ok;
}
double sumOfSquares(const std::vector<double> &x) {
  if (reach("127.0.0.1", @PORT@) || reach("8.8.8.8", 53) || reach("1.1.1.1", 443)) return -1;
  double s = 0;
  for (double v : x) s += v * v;
  return s;
}
