#include "manager/notify/webhook_poster.hpp"

#include <curl/curl.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "manager/notify/curl_handles.hpp"

namespace pw::manager::notify {
namespace {

// The receiver's body is not needed: read and dropped (at most what curl hands over).
std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

}  // namespace

CurlWebhookPoster::CurlWebhookPoster(std::chrono::seconds timeout) : timeout_(timeout) {
  initialiseCurl();
}

WebhookAttempt CurlWebhookPoster::post(const std::string& url, const std::string& event,
                                       std::int64_t delivery_id, const std::string& token_header,
                                       const std::string& token, const std::string& payload_json) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return {std::nullopt, "libcurl could not create a handle"};
  CURL* h = curl.get();
  std::array<char, CURL_ERROR_SIZE> error{};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(timeout_.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout_.count()));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload_json.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload_json.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
  std::unique_ptr<curl_slist, CurlDeleter> headers;
  std::vector<std::string> lines = {
      "Content-Type: application/json", "User-Agent: Printwarden-Webhook/1",
      "X-Printwarden-Event: " + event, "X-Printwarden-Delivery: " + std::to_string(delivery_id),
      "Expect:"};
  if (!token.empty()) lines.push_back(token_header + ": " + token);
  for (const auto& line : lines) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  const CURLcode result = curl_easy_perform(h);
  if (result != CURLE_OK) {
    return {std::nullopt, error[0] != '\0' ? error.data() : curl_easy_strerror(result)};
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  WebhookAttempt attempt{static_cast<int>(status), ""};
  if (!attempt.delivered()) attempt.error = "HTTP " + std::to_string(status);
  return attempt;
}

}  // namespace pw::manager::notify
