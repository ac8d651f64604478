#include "manager/services/problem.hpp"

#include <stdexcept>

namespace pw::manager {

void throw_exception_from_error(const Problem& problem, const boost::source_location&) {
  throw std::logic_error("Outcome accessed as value but holds problem " + problem.code);
}

}  // namespace pw::manager
