#include "medium/lock.h"

#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>

#include "diag/os_error_codes.h"

namespace ferry::medium {

MediumLock::~MediumLock() { (void)medium_.Remove(kLockFile); }

Result<std::unique_ptr<MediumLock>> MediumLock::Acquire(
    Medium& medium, const std::string& command, bool break_lock,
    const std::function<void(const std::string&)>& say) {
  platform::Platform& os = medium.os();
  nlohmann::json owner = {
      {"host", os.HostName()},
      {"pid", os.ProcessId()},
      {"started_unix",
       std::chrono::duration_cast<std::chrono::seconds>(os.Now().time_since_epoch()).count()},
      {"command", command}};
  fs::path path = medium.PathOf(kLockFile);
  for (int attempt = 0; attempt < 2; ++attempt) {
    Status s = os.CreateExclusive(path, owner.dump() + "\n");
    if (s.ok()) return std::unique_ptr<MediumLock>(new MediumLock(medium));
    if (s.sys_errno() != EEXIST) return std::move(s).Classify(MediumWriteCode);

    auto text = medium.ReadSmallFile(kLockFile, 1 << 16);
    nlohmann::json held =
        text.ok() ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    std::string host = held.is_object() ? held.value("host", "?") : "?";
    int pid = held.is_object() ? held.value("pid", 0) : 0;
    std::string who = "'" + (held.is_object() ? held.value("command", "?") : std::string("?")) +
                      "' (pid " + std::to_string(pid) + " on " + host + ")";
    bool provably_gone = host == os.HostName() && pid > 0 && !os.ProcessAlive(pid);
    if (provably_gone) {
      say("taking over the lock of " + who + ", which is no longer running");
    } else if (break_lock) {
      say("breaking the lock of " + who + " as asked by --break-lock");
    } else {
      return Status::Error("M004", "medium " + medium.root().string() + " is locked by " + who);
    }
    FERRY_RETURN_IF_ERROR(medium.Remove(kLockFile));
  }
  return Status::Error("M004", "medium " + medium.root().string() + " lock keeps reappearing");
}

}  // namespace ferry::medium
