#pragma once
// The error a Manager service reports to its caller: a kind that decides the HTTP status, a
// stable machine code, and a message for the administrator. Never carries a secret.
#include <string>

#include <boost/system/result.hpp>

#include "common/core/error_kind.hpp"

namespace pw::manager {

struct Problem {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;
  std::string message;
};

/// Required by boost::system::result<T, Problem>::value() when it holds a Problem.
[[noreturn]] void throw_exception_from_error(const Problem& problem,
                                             const boost::source_location& location);

template <typename T>
using Outcome = boost::system::result<T, Problem>;

}  // namespace pw::manager
