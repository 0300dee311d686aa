// One writer per medium. The lock file names its owner (host, pid, start
// time, command). A lock whose owner is provably gone (same host, dead pid)
// is taken over with a message; any other needs --break-lock (M004), since
// a pid on another host cannot be checked from here.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "medium/medium.h"

namespace ferry::medium {

class MediumLock {
 public:
  ~MediumLock();
  MediumLock(const MediumLock&) = delete;
  MediumLock& operator=(const MediumLock&) = delete;

  // say() receives the takeover message, if any.
  static Result<std::unique_ptr<MediumLock>> Acquire(
      Medium& medium, const std::string& command, bool break_lock,
      const std::function<void(const std::string&)>& say);

 private:
  MediumLock(Medium& medium) : medium_(medium) {}
  Medium& medium_;
};

}  // namespace ferry::medium
