#pragma once
// Internal to common/crypto. OpenSSL keeps a per-thread error queue; a stale entry would be
// read by the next TLS call on this thread (SSL_get_error consults the queue), so every public
// function holds an ErrorQueueCleaner and leaves the queue empty however it returns.
#include <openssl/err.h>

namespace pw::crypto::detail {

class ErrorQueueCleaner {
 public:
  ErrorQueueCleaner() = default;
  ErrorQueueCleaner(const ErrorQueueCleaner&) = delete;
  ErrorQueueCleaner& operator=(const ErrorQueueCleaner&) = delete;
  ~ErrorQueueCleaner() { ERR_clear_error(); }
};

}  // namespace pw::crypto::detail
