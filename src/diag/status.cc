#include "diag/status.h"

#include <cstring>

namespace ferry {

Status Status::Error(std::string code, std::string message, int sys_errno) {
  Status s;
  s.code_ = code.empty() ? "X000" : std::move(code);
  s.message_ = std::move(message);
  s.sys_errno_ = sys_errno;
  return s;
}

Status&& Status::WithContext(std::string_view context) && {
  WithContext(context);
  return std::move(*this);
}

Status& Status::WithContext(std::string_view context) & {
  if (!ok()) message_ = std::string(context) + ": " + message_;
  return *this;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = code_ + ": " + message_;
  if (sys_errno_ != 0) {
    out += " (";
    out += std::strerror(sys_errno_);
    out += ")";
  }
  return out;
}

}  // namespace ferry
