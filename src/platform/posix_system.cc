// POSIX resources, identity and clocks.
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "platform/posix_platform.h"

namespace ferry::platform {

Result<SpaceInfo> PosixPlatform::DiskSpace(const fs::path& path) {
  struct statvfs st;
  if (::statvfs(path.c_str(), &st) != 0) {
    return Status::OsError("cannot read free space of " + path.string(), errno);
  }
  SpaceInfo info;
  info.capacity = static_cast<uint64_t>(st.f_blocks) * st.f_frsize;
  info.available = static_cast<uint64_t>(st.f_bavail) * st.f_frsize;
  return info;
}

Result<uint64_t> PosixPlatform::AvailableMemory() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  long pages = ::sysconf(_SC_AVPHYS_PAGES);
  long page_size = ::sysconf(_SC_PAGESIZE);
  if (pages < 0 || page_size < 0) return Status::OsError("cannot read available memory", errno);
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
}

fs::path PosixPlatform::TempDir() {
  std::string dir = GetEnv("TMPDIR");
  return dir.empty() ? fs::path("/tmp") : fs::path(dir);
}

fs::path PosixPlatform::StateDir() {
  if (std::string dir = GetEnv("FERRY_STATE_DIR"); !dir.empty()) return dir;
  if (std::string dir = GetEnv("XDG_STATE_HOME"); !dir.empty()) return fs::path(dir) / "ferry";
  std::string home = GetEnv("HOME");
  return fs::path(home.empty() ? "/tmp" : home) / ".local" / "state" / "ferry";
}

bool PosixPlatform::FindProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0;
  std::stringstream path(GetEnv("PATH"));
  std::string dir;
  while (std::getline(path, dir, ':')) {
    if (!dir.empty() && ::access((fs::path(dir) / name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

std::string PosixPlatform::HostName() {
  char name[256] = {0};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "unknown";
  return name;
}

int PosixPlatform::ProcessId() { return static_cast<int>(::getpid()); }

uint32_t PosixPlatform::EffectiveUid() { return static_cast<uint32_t>(::geteuid()); }
uint32_t PosixPlatform::EffectiveGid() { return static_cast<uint32_t>(::getegid()); }

std::optional<uint32_t> PosixPlatform::PrimaryGroupOf(uint32_t uid) {
  struct passwd pw;
  struct passwd* found = nullptr;
  std::string buffer(16384, '\0');
  if (::getpwuid_r(static_cast<uid_t>(uid), &pw, buffer.data(), buffer.size(), &found) != 0 ||
      !found) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(found->pw_gid);
}

bool PosixPlatform::UserExists(uint32_t uid) { return PrimaryGroupOf(uid).has_value(); }

bool PosixPlatform::GroupExists(uint32_t gid) {
  struct group gr;
  struct group* found = nullptr;
  std::string buffer(65536, '\0');
  return ::getgrgid_r(static_cast<gid_t>(gid), &gr, buffer.data(), buffer.size(), &found) == 0 &&
         found;
}

bool PosixPlatform::ProcessAlive(int pid) {
  if (pid <= 0) return false;
  if (::kill(pid, 0) == 0) return true;
  return errno == EPERM;  // exists, owned by someone else
}

std::string PosixPlatform::GetEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  return value ? value : "";
}

bool PosixPlatform::IsTerminal(int fd) { return ::isatty(fd) == 1; }

std::chrono::system_clock::time_point PosixPlatform::Now() {
  return std::chrono::system_clock::now();
}

std::chrono::steady_clock::time_point PosixPlatform::Monotonic() {
  return std::chrono::steady_clock::now();
}

Platform& DefaultPlatform() {
  static PosixPlatform platform;
  return platform;
}

}  // namespace ferry::platform
