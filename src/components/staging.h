// A private folder (mode 0700, from mkdtemp) under the temp directory for a
// tool that can only write or read files, not a stream (neo4j-admin dump,
// mydumper/myloader). The folder and everything in it are removed when the
// Staging is destroyed, on success and on every error path alike.
#pragma once

#include <filesystem>
#include <string>

#include "platform/platform.h"

namespace ferry::components {

class Staging {
 public:
  // prefix names the folder ("ferry-neo4j-dump"); error_code is the
  // catalog code of the caller's family when the folder cannot be made.
  static Result<Staging> Make(platform::Platform& os, const std::string& prefix, Code error_code);
  Staging(Staging&& other) noexcept : os_(other.os_), dir_(std::move(other.dir_)) {
    other.dir_.clear();
  }
  Staging& operator=(Staging&&) = delete;
  ~Staging() {
    if (!dir_.empty()) (void)os_.RemoveTree(dir_);
  }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  Staging(platform::Platform& os, std::filesystem::path dir) : os_(os), dir_(std::move(dir)) {}
  platform::Platform& os_;
  std::filesystem::path dir_;
};

}  // namespace ferry::components
