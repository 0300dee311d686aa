// Child processes with piped stdin/stdout, stderr drained on a thread, and
// secrets handed over on inherited descriptors instead of argv.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

#include "platform/posix_platform.h"

extern char** environ;

namespace ferry::platform {
namespace {

constexpr size_t kStderrKeep = 64 * 1024;

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

class PosixProcess final : public Process {
 public:
  PosixProcess(pid_t pid, int in, int out, int err, std::string name)
      : pid_(pid), stdin_(in), stdout_(out), name_(std::move(name)) {
    stderr_thread_ = std::thread([this, err] { DrainStderr(err); });
  }
  ~PosixProcess() override {
    CloseFd(stdin_);
    CloseFd(stdout_);
    if (!waited_) {
      ::kill(pid_, SIGKILL);
      (void)Wait();
    }
    if (stderr_thread_.joinable()) stderr_thread_.join();
  }

  int pid() const override { return pid_; }

  Result<size_t> ReadStdout(std::span<std::byte> buffer) override {
    if (stdout_ < 0) return size_t{0};
    while (true) {
      ssize_t n = ::read(stdout_, buffer.data(), buffer.size());
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return Status::OsError("cannot read output of " + name_, errno);
    }
  }

  Status WriteStdin(std::span<const std::byte> data) override {
    const std::byte* p = data.data();
    size_t left = data.size();
    while (left > 0) {
      if (stdin_ < 0) return Status::OsError("stdin of " + name_ + " is closed", EPIPE);
      ssize_t n = ::write(stdin_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::OsError("cannot write to " + name_, errno);
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  void CloseStdin() override { CloseFd(stdin_); }

  Result<int> Wait() override {
    if (!waited_) {
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0) {
        if (errno != EINTR) return Status::OsError("cannot wait for " + name_, errno);
      }
      waited_ = true;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (stderr_thread_.joinable()) stderr_thread_.join();
    }
    return exit_code_;
  }

  std::string Stderr() override {
    std::lock_guard lock(mu_);
    return stderr_;
  }

  void Kill(int signal) override {
    if (!waited_) ::kill(pid_, signal);
  }

 private:
  void DrainStderr(int fd) {
    char buf[8192];
    while (true) {
      ssize_t n = ::read(fd, buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      std::lock_guard lock(mu_);
      stderr_.append(buf, static_cast<size_t>(n));
      if (stderr_.size() > 2 * kStderrKeep) stderr_.erase(0, stderr_.size() - kStderrKeep);
    }
    ::close(fd);
  }

  pid_t pid_;
  int stdin_;
  int stdout_;
  std::string name_;
  std::thread stderr_thread_;
  std::mutex mu_;
  std::string stderr_;
  bool waited_ = false;
  int exit_code_ = -1;
};

}  // namespace

Result<std::unique_ptr<Process>> PosixPlatform::Spawn(const SpawnOptions& options) {
  if (options.argv.empty()) return Status::OsError("spawn with empty argv", EINVAL);
  // Writing to a child that already exited must be an EPIPE error value,
  // not the death of ferry by SIGPIPE, whoever links this library.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });
  const std::string& program = options.argv[0];
  if (!FindProgram(program)) return Status::OsError("program not found: " + program, ENOENT);

  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls are allowed.
  std::vector<char*> argv;
  for (const std::string& a : options.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const std::string& k : options.env_remove) env.erase(k);
  for (const auto& [k, v] : options.env) env[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  auto fail = [&](const char* what) {
    int err = errno;
    for (int* p : {in_pipe, out_pipe, err_pipe}) {
      CloseFd(p[0]);
      CloseFd(p[1]);
    }
    return Status::OsError(std::string(what) + " for " + program, err);
  };
  if (options.pipe_stdin && ::pipe2(in_pipe, O_CLOEXEC) != 0) return fail("cannot create pipe");
  if (options.pipe_stdout && ::pipe2(out_pipe, O_CLOEXEC) != 0) return fail("cannot create pipe");
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return fail("cannot create pipe");

  // Inherited data: each one a pipe filled and closed before the child runs.
  std::vector<std::pair<int, int>> data_fds;  // (read end, child fd)
  for (const InheritedData& d : options.inherited) {
    if (d.rereadable) {
      int fd = ::memfd_create("ferry-inherited", MFD_CLOEXEC);
      if (fd < 0) return fail("cannot create an in-memory file");
      if (::write(fd, d.content.data(), d.content.size()) !=
              static_cast<ssize_t>(d.content.size()) ||
          ::lseek(fd, 0, SEEK_SET) != 0) {
        ::close(fd);
        return fail("cannot fill an in-memory file");
      }
      data_fds.emplace_back(fd, d.child_fd);
      continue;
    }
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return fail("cannot create pipe");
    if (d.content.size() > 60000) {
      ::close(p[0]);
      ::close(p[1]);
      return Status::OsError("inherited data too large for a pipe", E2BIG);
    }
    if (::write(p[1], d.content.data(), d.content.size()) !=
        static_cast<ssize_t>(d.content.size())) {
      ::close(p[0]);
      ::close(p[1]);
      return fail("cannot fill pipe");
    }
    ::close(p[1]);
    data_fds.emplace_back(p[0], d.child_fd);
  }
  std::string cwd = options.cwd.string();

  pid_t pid = ::fork();
  if (pid < 0) return fail("cannot fork");
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(options.pipe_stdin ? in_pipe[0] : devnull, 0);
    ::dup2(options.pipe_stdout ? out_pipe[1] : devnull, 1);
    ::dup2(err_pipe[1], 2);
    for (auto [from, to] : data_fds) {
      if (from == to) {
        ::fcntl(from, F_SETFD, 0);
      } else {
        ::dup2(from, to);
      }
    }
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) _exit(127);
    ::signal(SIGPIPE, SIG_DFL);
    ::execvpe(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  for (auto [from, to] : data_fds) ::close(from);
  CloseFd(in_pipe[0]);
  CloseFd(out_pipe[1]);
  CloseFd(err_pipe[1]);
  return std::unique_ptr<Process>(
      new PosixProcess(pid, in_pipe[1], out_pipe[0], err_pipe[0], program));
}

}  // namespace ferry::platform
