#include "diag/status.h"

#include <cstring>

namespace ferry {

Status Status::Error(Code code, std::string message, int sys_errno) {
  Status s = OsError(std::move(message), sys_errno);
  s.code_ = code;
  return s;
}

Status Status::OsError(std::string message, int sys_errno) {
  Status s;
  s.failed_ = true;
  s.message_ = std::move(message);
  s.sys_errno_ = sys_errno;
  return s;
}

Status Status::WithMessage(std::string message) const {
  Status s = *this;
  s.message_ = std::move(message);
  return s;
}

std::string_view Status::code() const {
  if (!failed_) return {};
  return catalog_code().name();
}

Status&& Status::Classify(Code code) && {
  Classify(code);
  return std::move(*this);
}

Status& Status::Classify(Code code) & {
  if (failed_ && !code_) code_ = code;
  return *this;
}

Status&& Status::Classify(Code (*by_errno)(int)) && {
  Classify(by_errno);
  return std::move(*this);
}

Status& Status::Classify(Code (*by_errno)(int)) & {
  if (failed_ && !code_) code_ = by_errno(sys_errno_);
  return *this;
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
  std::string out = std::string(code()) + ": " + message_;
  if (sys_errno_ != 0) {
    out += " (";
    out += std::strerror(sys_errno_);
    out += ")";
  }
  return out;
}

}  // namespace ferry
