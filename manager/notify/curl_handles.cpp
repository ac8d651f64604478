#include "manager/notify/curl_handles.hpp"

#include <mutex>
#include <stdexcept>

namespace pw::manager::notify {

void initialiseCurl() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl could not be initialised");
    }
  });
}

}  // namespace pw::manager::notify
