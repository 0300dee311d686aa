// Status and Result<T>: errors as values that carry a catalog code.
//
// Every failure ferry reports names a code from the error catalog (code.h):
// the seed's G001..R003 plus ferry's own families. A Status also keeps the OS
// errno when one caused it, because the fix for ENOSPC (FS005) is not the fix
// for EIO (FS003), and the context (path, component) the failure happened in.
//
// Who picks the code: the layer that knows what failed. The platform layer
// only reports what the OS said (OsError: the operation, the path, the
// errno) and leaves the code open; the layer above, which knows whether the
// file was on the medium, the restore target or the source, or whether the
// socket led to Neo4j or to an API server, gives it one with Classify. An
// error that reaches a person unclassified shows as X005, which names the
// gap instead of guessing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "diag/code.h"

namespace ferry {

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(Code code, std::string message, int sys_errno = 0);
  // What the OS said, with no catalog code yet (the platform layer's errors).
  static Status OsError(std::string message, int sys_errno);

  bool ok() const { return !failed_; }
  // The catalog code's name: "" when ok(), "X005" while unclassified.
  std::string_view code() const;
  // REQUIRES: !ok().
  Code catalog_code() const { return code_.value_or(Code("X005")); }
  bool Is(Code code) const { return code_ == code; }
  bool classified() const { return code_.has_value(); }
  const std::string& message() const { return message_; }
  int sys_errno() const { return sys_errno_; }

  // Gives an unclassified error its code; a code already chosen below (by a
  // layer that knew better) is kept. No effect on an OK status.
  Status&& Classify(Code code) &&;
  Status& Classify(Code code) &;
  // The same, with the code picked from the errno (e.g. MediumWriteCode).
  Status&& Classify(Code (*by_errno)(int)) &&;
  Status& Classify(Code (*by_errno)(int)) &;

  // The same error (code, or none yet, and errno) with another message.
  Status WithMessage(std::string message) const;

  // Prefixes the message with "context: " (a path, a component name).
  Status&& WithContext(std::string_view context) &&;
  Status& WithContext(std::string_view context) &;

  // "FS003: message (No space left on device)"; "OK" when ok().
  std::string ToString() const;

 private:
  bool failed_ = false;
  std::optional<Code> code_;
  std::string message_;
  int sys_errno_ = 0;
};

// Either a value or a non-OK Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  // REQUIRES for the Status constructor: !status.ok().

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // Classifies the error (see Status::Classify); no effect on a value.
  Result&& Classify(Code code) && {
    status_.Classify(code);
    return std::move(*this);
  }
  Result&& Classify(Code (*by_errno)(int)) && {
    status_.Classify(by_errno);
    return std::move(*this);
  }
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
#define FERRY_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::ferry::Status ferry_status_ = (expr);        \
    if (!ferry_status_.ok()) return ferry_status_; \
  } while (0)

// lhs = value of a Result expression, or return its Status.
#define FERRY_ASSIGN_OR_RETURN(lhs, expr) \
  FERRY_ASSIGN_OR_RETURN_IMPL(FERRY_CONCAT(ferry_result_, __LINE__), lhs, expr)
#define FERRY_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
