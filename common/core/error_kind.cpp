#include "common/core/error_kind.hpp"

namespace pw {

std::string_view toString(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::kUnreachable: return "unreachable";
    case ErrorKind::kUnauthorized: return "unauthorized";
    case ErrorKind::kForbidden: return "forbidden";
    case ErrorKind::kInvalidInput: return "invalid_input";
    case ErrorKind::kNotFound: return "not_found";
    case ErrorKind::kConflict: return "conflict";
    case ErrorKind::kMisconfigured: return "misconfigured";
    case ErrorKind::kRejected: return "rejected";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace pw
