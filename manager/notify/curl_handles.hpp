#pragma once
// libcurl's global set-up and handle owners, shared by the SMTP mailer and the webhook poster.
#include <curl/curl.h>

namespace pw::manager::notify {

/// curl_global_init once per process, before the first handle (throws when it fails).
void initialiseCurl();

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};

}  // namespace pw::manager::notify
