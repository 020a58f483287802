/* pareval-sandbox-exec: the exec helper of pytest_pareval/sandbox.py.

   sandbox.py compiles this file once per machine (cached) and starts every untrusted command through it, so
   that no Python runs between fork and exec in pytest's process (which has threads: CPython documents
   preexec_fn as deadlock-prone there). It joins the run's cgroups, enters new namespaces, builds the file
   view, sets the rlimits, drops to the run's uid and execs the command. With a PID namespace it forks a
   tiny init (pid 1), which mounts the namespace's own /proc, starts the command and reports its status;
   when the command ends, init exits and the kernel kills whatever the command left behind.

   Usage: pareval-sandbox-exec [--option=value ...] -- command [args ...]
   Any failure of a set-up step is one line on --error-fd and exit status 127; the command never runs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x1
#define MOUNT_ATTR_NOSUID 0x2
#endif
#define AT_RECURSIVE_ 0x8000
#define MAX_PATHS 64
#define OLD "/.pareval-old"

struct mount_attr_ { unsigned long long attr_set, attr_clr, propagation, userns_fd; };

static int error_fd = 2;
static struct {
  int user, net, ipc, pid, mount, root, loopback, probe, drop, deathsig, shallow_ro;
  long shm_mb, disk_mb;
  uid_t uid;
  pid_t ppid;
  const char *cwd, *cgroups[8], *ro[MAX_PATHS], *rw[8], *keep[8];
  int ncgroups, nro, nrw, nkeep, nlimits;
  struct { int resource; rlim_t value; } limits[8];
} opt;

static void die(const char *what, const char *path) {
  char line[1200];
  int n = snprintf(line, sizeof line, "%s%s%s: %s", what, path ? " " : "", path ? path : "", strerror(errno));
  if (write(error_fd, line, n > 0 ? (size_t)n : 0) < 0) { /* nothing left to tell */ }
  _exit(127);
}

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, text, strlen(text)) < 0) die("write", path);
  close(fd);
}

static void make_dirs(const char *path, int last) {  /* mkdir -p of path (its parent only unless last) */
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; ; ++p) {
    if (*p == '/' || (*p == 0 && last)) {
      char c = *p;
      *p = 0;
      struct stat st;
      if (stat(buf, &st) != 0 && mkdir(buf, 0755) != 0 && errno != EEXIST) die("mkdir", buf);
      *p = c;
    }
    if (*p == 0) break;
  }
}

/* Flags a bind mount must keep (a user namespace may not clear them) plus the ones we add. */
static unsigned long kept_flags(const char *path) {
  struct statvfs vfs;
  if (statvfs(path, &vfs) != 0) die("statvfs", path);
  unsigned long flags = 0;
  if (vfs.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (vfs.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (vfs.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (vfs.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (vfs.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (vfs.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  return flags;
}

/* Show the old root's `path` at the same place in the new root: read-only, or writable (the run dir). */
static void show(const char *path, int writable) {
  char source[4096];
  snprintf(source, sizeof source, OLD "%s", path);
  struct stat st;
  if (lstat(source, &st) != 0) return;  /* gone since sandbox.py listed it: nothing to show */
  make_dirs(path, 0);
  if (S_ISLNK(st.st_mode)) {
    char target[4096];
    ssize_t n = readlink(source, target, sizeof target - 1);
    if (n < 0) die("readlink", source);
    target[n] = 0;
    if (symlink(target, path) != 0 && errno != EEXIST) die("symlink", path);
    return;
  }
  struct stat here;
  if (lstat(path, &here) != 0) {
    if (S_ISDIR(st.st_mode)) {
      if (mkdir(path, 0755) != 0) die("mkdir", path);
    } else {
      int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0) die("create", path);
      close(fd);
    }
  }
  if (mount(source, path, NULL, MS_BIND | MS_REC, NULL) != 0) die("bind", path);
  unsigned long flags = kept_flags(path) | MS_NOSUID | (writable ? MS_NODEV : MS_RDONLY);
  if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | flags, NULL) != 0) die("remount", path);
  if (!writable) {  /* and every mount below it (/sys has some); kernels before 5.12 cannot: the run is
                       refused there unless the user accepted it (--shallow-ro, from --pareval-unsafe=files) */
    struct mount_attr_ attr = {MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, 0, 0, 0};
    if (syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE_, &attr, sizeof attr) != 0 &&
        !(errno == ENOSYS && opt.shallow_ro))
      die("mount_setattr", path);
  }
}

/* The run directory (the first --rw path) as a tmpfs of --disk=MB, holding copies of the regular files the
   caller put there: a run's writes, however many files, stop at that size (and count as the run's memory),
   and nothing it writes reaches the disk of the machine. Once the command is done, init copies the --keep
   names back (regular files only, never through a link): the caller's only way to see what the run wrote. */
static int run_dir_fd = -1;

static void copy_fd(int from, int to, const char *what) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(from, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) die("read", what);
    if (n == 0) return;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(to, buf + done, (size_t)(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) die("write", what);
      done += w;
    }
  }
}

static void private_run_dir(void) {
  const char *dir = opt.rw[0];
  run_dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (run_dir_fd < 0) die("open", dir);
  char data[128];
  if (opt.drop)
    snprintf(data, sizeof data, "size=%ldm,mode=700,uid=%u,gid=%u", opt.disk_mb, opt.uid, opt.uid);
  else
    snprintf(data, sizeof data, "size=%ldm,mode=700", opt.disk_mb);
  if (mount("pareval-run", dir, "tmpfs", MS_NOSUID | MS_NODEV, data) != 0) die("tmpfs", dir);
  int listing = dup(run_dir_fd);
  DIR *entries = listing < 0 ? NULL : fdopendir(listing);
  if (!entries) die("list", dir);
  for (struct dirent *e; (e = readdir(entries)) != NULL;) {
    struct stat st;
    if (fstatat(run_dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
    int from = openat(run_dir_fd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (from < 0) die("open", e->d_name);
    char target[4200];
    snprintf(target, sizeof target, "%s/%s", dir, e->d_name);
    int to = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 0755);
    if (to < 0) die("create", target);
    copy_fd(from, to, target);
    if (opt.drop && fchown(to, opt.uid, opt.uid) != 0) die("chown", target);
    close(from);
    close(to);
  }
  closedir(entries);
}

/* In init, once the command is done: the --keep files back into the caller's directory. A failure here is
   ours (the machine's disk), told on error_fd like a failed set-up step. */
static void keep_files(void) {
  if (run_dir_fd < 0) return;
  signal(SIGXFSZ, SIG_IGN);
  for (int i = 0; i < opt.nkeep; ++i) {
    char source[4200];
    snprintf(source, sizeof source, "%s/%s", opt.rw[0], opt.keep[i]);
    int from = open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (from < 0) continue;  /* not written (or not a file we may read): the caller sees it missing */
    if (fstat(from, &st) != 0 || !S_ISREG(st.st_mode)) { close(from); continue; }
    if (unlinkat(run_dir_fd, opt.keep[i], 0) != 0 && errno != ENOENT) die("keep: unlink", opt.keep[i]);
    int to = openat(run_dir_fd, opt.keep[i], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    st.st_mode & 0755);
    if (to < 0) die("keep: create", opt.keep[i]);
    copy_fd(from, to, opt.keep[i]);
    if (close(to) != 0) die("keep: write", opt.keep[i]);
    close(from);
  }
}

static void device(const char *name) {
  char path[64], source[96];
  snprintf(path, sizeof path, "/dev/%s", name);
  snprintf(source, sizeof source, OLD "/dev/%s", name);
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) die("create", path);
  close(fd);
  if (mount(source, path, NULL, MS_BIND, NULL) != 0) die("bind", path);
}

static void mount_proc(void) {
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) die("mount", "/proc");
}

/* The new root: an empty tmpfs showing only the paths given (system directories, the toolchain, the
   venv, the run directory), a minimal /dev, a private /dev/shm, an empty read-only /tmp. */
static void build_root(void) {
  if (mount("pareval", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755") != 0) die("tmpfs", "/tmp");
  if (mkdir("/tmp" OLD, 0700) != 0) die("mkdir", "/tmp" OLD);
  if (syscall(SYS_pivot_root, "/tmp", "/tmp" OLD) != 0) die("pivot_root", "/tmp");
  if (chdir("/") != 0) die("chdir", "/");
  for (int i = 0; i < opt.nro; ++i) show(opt.ro[i], 0);
  for (int i = 0; i < opt.nrw; ++i) show(opt.rw[i], 1);
  if (opt.disk_mb > 0 && opt.nrw > 0) private_run_dir();
  make_dirs("/dev", 1);
  const char *devices[] = {"null", "zero", "full", "random", "urandom", "tty"};
  for (size_t i = 0; i < sizeof devices / sizeof *devices; ++i) device(devices[i]);
  const char *links[][2] = {{"/proc/self/fd", "/dev/fd"}, {"/proc/self/fd/0", "/dev/stdin"},
                            {"/proc/self/fd/1", "/dev/stdout"}, {"/proc/self/fd/2", "/dev/stderr"}};
  for (size_t i = 0; i < 4; ++i)
    if (symlink(links[i][0], links[i][1]) != 0) die("symlink", links[i][1]);
  make_dirs("/dev/shm", 1);
  make_dirs("/proc", 1);
  make_dirs("/tmp", 1);
  /* A user namespace may mount a new /proc only while a fully visible one is still in its mount namespace. */
  if (opt.pid) mount_proc();
  else show("/proc", 0);  /* no PID namespace (accepted as unsafe): the host's /proc, read-only */
  if (umount2(OLD, MNT_DETACH) != 0) die("umount", OLD);
  if (rmdir(OLD) != 0) die("rmdir", OLD);
  if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0) die("remount", "/");
}

static void loopback_up(void) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "lo");
  ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
  if (s < 0 || ioctl(s, SIOCSIFFLAGS, &ifr) != 0) die("loopback", "lo");
  close(s);
}

/* The last steps before exec, in the process that runs the command (or its init). */
static void drop_privileges(void) {
  for (int i = 0; i < opt.nlimits; ++i) {
    struct rlimit limit = {opt.limits[i].value, opt.limits[i].value};
    if (setrlimit(opt.limits[i].resource, &limit) != 0) die("setrlimit", NULL);
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("no_new_privs", NULL);
  if (opt.drop) {
    if (setgroups(0, NULL) != 0 || setgid(opt.uid) != 0 || setuid(opt.uid) != 0) die("setuid", NULL);
  }
  if (prctl(PR_SET_PDEATHSIG, opt.deathsig, 0, 0, 0) != 0) die("pdeathsig", NULL);
}

static void exec_command(char **argv) {
  if (opt.cwd && chdir(opt.cwd) != 0) die("chdir", opt.cwd);
  if (opt.probe) _exit(0);
  execvp(argv[0], argv);
  die("exec", argv[0]);
}

/* The file view, in the process that runs the command or, with a PID namespace, in its init (which alone
   may mount the namespace's /proc). */
static void set_up_mounts(void) {
  if (!opt.mount) return;
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) die("make private", "/");
  if (opt.root) build_root();
  else if (opt.pid) mount_proc();
  if (opt.shm_mb > 0) {
    char data[64];
    snprintf(data, sizeof data, "size=%ldm,mode=1777", opt.shm_mb);
    if (mount("pareval-shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, data) != 0) die("tmpfs", "/dev/shm");
  }
}

/* pid 1 of the run's PID namespace: start the command, report its wait status, exit (which kills the rest). */
static void init(char **argv, int status_fd) {
  set_up_mounts();
  drop_privileges();
  pid_t child = fork();
  if (child < 0) die("fork", NULL);
  if (child == 0) {
    close(status_fd);
    exec_command(argv);
  }
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);  /* the run (same uid) may not ptrace its init */
  int status = 0;
  for (;;) {
    pid_t done = wait(&status);
    if (done == child) break;
    if (done < 0 && errno != EINTR) _exit(127);
  }
  keep_files();
  close(error_fd);
  if (write(status_fd, &status, sizeof status) != sizeof status) _exit(127);
  _exit(0);
}

/* SIGTERM from sandbox.py (timeout, runaway output): kill init, which takes every process of the run with
   it, and return only once they are all gone, so that the caller's wait means "nothing is left". */
static volatile pid_t init_pid;
static void stop_run(int sig) {
  int status;
  kill(init_pid, SIGKILL);
  while (waitpid(init_pid, &status, 0) < 0 && errno == EINTR) {}
  _exit(128 + sig);
}

static int parse_limit(const char *spec) {
  static const struct { const char *name; int resource; } names[] = {
    {"cpu", RLIMIT_CPU}, {"as", RLIMIT_AS}, {"fsize", RLIMIT_FSIZE}, {"nofile", RLIMIT_NOFILE},
    {"core", RLIMIT_CORE}, {"nproc", RLIMIT_NPROC}};
  const char *colon = strchr(spec, ':');
  if (!colon || opt.nlimits == 8) return -1;
  for (size_t i = 0; i < sizeof names / sizeof *names; ++i)
    if (strlen(names[i].name) == (size_t)(colon - spec) && !strncmp(spec, names[i].name, colon - spec)) {
      opt.limits[opt.nlimits].resource = names[i].resource;
      opt.limits[opt.nlimits++].value = strtoull(colon + 1, NULL, 10);
      return 0;
    }
  return -1;
}

int main(int argc, char **argv) {
  int i = 1;
  opt.deathsig = SIGKILL;  /* a cluster launcher gets SIGTERM instead: srun then cancels its job step */
  for (; i < argc && strcmp(argv[i], "--") != 0; ++i) {
    const char *a = argv[i], *v = strchr(a, '=') ? strchr(a, '=') + 1 : "";
#define IS(name) (!strncmp(a, name, strlen(name)))
    if (IS("--error-fd=")) error_fd = atoi(v);
    else if (IS("--cgroup=") && opt.ncgroups < 8) opt.cgroups[opt.ncgroups++] = v;
    else if (IS("--user")) opt.user = 1;
    else if (IS("--net")) opt.net = 1;
    else if (IS("--ipc")) opt.ipc = 1;
    else if (IS("--pid")) opt.pid = 1;
    else if (IS("--mount")) opt.mount = 1;
    else if (IS("--root")) opt.root = 1;
    else if (IS("--loopback")) opt.loopback = 1;
    else if (IS("--probe")) opt.probe = 1;
    else if (IS("--shm=")) opt.shm_mb = atol(v);
    else if (IS("--disk=")) opt.disk_mb = atol(v);
    else if (IS("--keep=") && opt.nkeep < 8 && v[0] && !strchr(v, '/')) opt.keep[opt.nkeep++] = v;
    else if (IS("--shallow-ro")) opt.shallow_ro = 1;
    else if (IS("--uid=")) { opt.uid = (uid_t)strtoul(v, NULL, 10); opt.drop = 1; }
    else if (IS("--ppid=")) opt.ppid = (pid_t)atol(v);
    else if (IS("--deathsig=")) opt.deathsig = atoi(v);
    else if (IS("--chdir=")) opt.cwd = v;
    else if (IS("--ro=") && opt.nro < MAX_PATHS) opt.ro[opt.nro++] = v;
    else if (IS("--rw=") && opt.nrw < 8) opt.rw[opt.nrw++] = v;
    else if (IS("--rlimit=") && parse_limit(v) == 0) {}
    else { errno = EINVAL; die("bad option", a); }
  }
  if (i + 1 >= argc && !opt.probe) { errno = EINVAL; die("no command", NULL); }
  char **command = argv + i + 1;
  fcntl(error_fd, F_SETFD, FD_CLOEXEC);
  /* If pytest dies, so does the run (checked after setting it: pytest may already be gone). */
  if (prctl(PR_SET_PDEATHSIG, opt.deathsig, 0, 0, 0) != 0) die("pdeathsig", NULL);
  if (opt.ppid && getppid() != opt.ppid) { errno = ESRCH; die("pytest is gone", NULL); }
  for (int c = 0; c < opt.ncgroups; ++c) write_file(opt.cgroups[c], "0");
  uid_t uid = getuid();
  gid_t gid = getgid();
  int flags = (opt.user ? CLONE_NEWUSER : 0) | (opt.net ? CLONE_NEWNET : 0) | (opt.mount ? CLONE_NEWNS : 0) |
              (opt.ipc ? CLONE_NEWIPC : 0) | (opt.pid ? CLONE_NEWPID : 0);
  if (flags && unshare(flags) != 0) die("unshare", NULL);
  if (opt.user) {  /* identity map: the command keeps the user's own uid, not root of the namespace */
    char map[64];
    write_file("/proc/self/setgroups", "deny");
    snprintf(map, sizeof map, "%u %u 1", uid, uid);
    write_file("/proc/self/uid_map", map);
    snprintf(map, sizeof map, "%u %u 1", gid, gid);
    write_file("/proc/self/gid_map", map);
  }
  if (opt.loopback) loopback_up();
  if (!opt.pid) {
    set_up_mounts();
    drop_privileges();
    exec_command(command);
  }
  int status_pipe[2];
  if (pipe2(status_pipe, O_CLOEXEC) != 0) die("pipe", NULL);
  sigset_t term, old_mask;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigprocmask(SIG_BLOCK, &term, &old_mask);
  init_pid = fork();
  if (init_pid < 0) die("fork", NULL);
  if (init_pid == 0) {
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    close(status_pipe[0]);
    init(command, status_pipe[1]);
  }
  struct sigaction stop = {0};
  stop.sa_handler = stop_run;
  sigaction(SIGTERM, &stop, NULL);
  sigprocmask(SIG_SETMASK, &old_mask, NULL);
  close(status_pipe[1]);
  close(error_fd);
  int status = 0, init_status = 0;
  ssize_t n = read(status_pipe[0], &status, sizeof status);
  while (waitpid(init_pid, &init_status, 0) < 0 && errno == EINTR) {}
  if (n != sizeof status) _exit(127);  /* init failed before the command ran (its reason is on error-fd) */
  if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
  /* The command died of a signal: die of the same one, so that the caller sees it as it is. */
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  signal(WTERMSIG(status), SIG_DFL);
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_UNBLOCK, &all, NULL);
  kill(getpid(), WTERMSIG(status));
  _exit(128 + WTERMSIG(status));
}
