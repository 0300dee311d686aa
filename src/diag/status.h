// Status and Result<T>: errors as values that carry a catalog code.
//
// Every failure ferry reports names a code from the error catalog (catalog.h):
// the seed's G001..R003 plus ferry's own families. A Status also keeps the OS
// errno when one caused it, because the fix for ENOSPC (FS005) is not the fix
// for EIO (FS003), and the context (path, component) the failure happened in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace ferry {

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  static Status Ok() { return Status(); }
  // REQUIRES: code is a catalog code (non-empty).
  static Status Error(std::string code, std::string message, int sys_errno = 0);

  bool ok() const { return code_.empty(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  int sys_errno() const { return sys_errno_; }

  // Prefixes the message with "context: " (a path, a component name).
  Status&& WithContext(std::string_view context) &&;
  Status& WithContext(std::string_view context) &;

  // "FS003: message (No space left on device)"; "OK" when ok().
  std::string ToString() const;

 private:
  std::string code_;
  std::string message_;
  int sys_errno_ = 0;
};

// Either a value or a non-OK Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  // REQUIRES for the Status constructor: !status.ok().

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace ferry

#define FERRY_CONCAT_INNER(a, b) a##b
#define FERRY_CONCAT(a, b) FERRY_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when expr is not OK.
#define FERRY_RETURN_IF_ERROR(expr)                  \
  do {                                               \
    ::ferry::Status ferry_status_ = (expr);          \
    if (!ferry_status_.ok()) return ferry_status_;   \
  } while (0)

// lhs = value of a Result expression, or return its Status.
#define FERRY_ASSIGN_OR_RETURN(lhs, expr) \
  FERRY_ASSIGN_OR_RETURN_IMPL(FERRY_CONCAT(ferry_result_, __LINE__), lhs, expr)
#define FERRY_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
