#pragma once
// The few kinds every error is classified into. The kind, not the concrete code, drives
// retries, device and agent status, alerts and the HTTP status of API problems.
#include <string_view>

namespace pw {

enum class ErrorKind {
  kUnreachable,    ///< peer did not answer or the network failed: retry later
  kUnauthorized,   ///< credentials missing or wrong: retrying the same will not help
  kForbidden,      ///< authenticated but not allowed
  kInvalidInput,   ///< the request or file is malformed or out of range
  kNotFound,       ///< the addressed object does not exist
  kConflict,       ///< the request contradicts the current state
  kMisconfigured,  ///< our own settings are wrong
  kRejected,       ///< the peer understood and refused
  kInternal,       ///< a bug or an unexpected failure on our side
};

std::string_view toString(ErrorKind kind) noexcept;

}  // namespace pw
