// The Linux/POSIX implementation of Platform. macOS differences (F_NOCACHE
// instead of posix_fadvise, no /proc) stay inside this folder.
#pragma once

#include "platform/platform.h"

namespace ferry::platform {

class PosixPlatform final : public Platform {
 public:
  Result<std::unique_ptr<ReadableFile>> OpenRead(const fs::path& path, ReadMode mode) override;
  Result<std::unique_ptr<WritableFile>> OpenWrite(const fs::path& path) override;
  Status CreateExclusive(const fs::path& path, const std::string& content) override;
  Status Rename(const fs::path& from, const fs::path& to) override;
  Status SyncDir(const fs::path& dir) override;
  Status RemoveFile(const fs::path& path) override;
  Status RemoveTree(const fs::path& path) override;
  Status CreateDirs(const fs::path& path) override;
  Result<FileInfo> Stat(const fs::path& path) override;
  bool Exists(const fs::path& path) override;
  Result<std::vector<std::string>> ListDir(const fs::path& dir) override;
  Result<std::string> ReadLink(const fs::path& path) override;
  Status Symlink(const std::string& target, const fs::path& link) override;
  Status SetMode(const fs::path& path, uint32_t mode) override;

  Result<SpaceInfo> DiskSpace(const fs::path& path) override;
  Result<uint64_t> AvailableMemory() override;
  fs::path TempDir() override;
  fs::path StateDir() override;

  Result<std::unique_ptr<Process>> Spawn(const SpawnOptions& options) override;
  bool FindProgram(const std::string& name) override;
  std::string HostName() override;
  int ProcessId() override;
  bool ProcessAlive(int pid) override;
  std::string GetEnv(const std::string& name) override;
  bool IsTerminal(int fd) override;
  uint32_t EffectiveUid() override;
  uint32_t EffectiveGid() override;
  bool UserExists(uint32_t uid) override;
  bool GroupExists(uint32_t gid) override;
  std::optional<uint32_t> PrimaryGroupOf(uint32_t uid) override;

  Result<std::unique_ptr<StreamSocket>> ConnectUnix(const fs::path& path) override;
  Result<PortUse> ProbeTcpPort(uint16_t port) override;

  std::chrono::system_clock::time_point Now() override;
  std::chrono::steady_clock::time_point Monotonic() override;
};

}  // namespace ferry::platform
