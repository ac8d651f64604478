#include "manager/notify/smtp_mailer.hpp"

#include <curl/curl.h>

#include <array>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "common/crypto/secrets.hpp"
#include "manager/notify/curl_handles.hpp"

namespace pw::manager::notify {
namespace {

// RFC 5322 date in UTC, independent of the process locale.
std::string mailDate(std::time_t now) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 64> out{};
  std::snprintf(out.data(), out.size(), "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays.at(static_cast<std::size_t>(tm.tm_wday)), tm.tm_mday,
                kMonths.at(static_cast<std::size_t>(tm.tm_mon)), tm.tm_year + 1900, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return out.data();
}

std::string serverUrl(const MailServerSettings& server) {
  const bool ipv6 = server.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + server.host + "]" : server.host;
  const char* scheme = server.security == MailSecurity::kImplicitTls ? "smtps://" : "smtp://";
  return scheme + host + ":" + std::to_string(server.port);
}

std::string domainOf(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

}  // namespace

std::string base64Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) |
                   (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    const bool two = i + 1 < bytes.size();
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) |
                   (two ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += two ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string encodeHeaderText(std::string_view text) {
  std::string clean;
  bool ascii = true;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    if (u >= 0x80) ascii = false;
    clean += c;
  }
  // "=?" would read as the start of an encoded word: encode such text too.
  if (ascii && clean.find("=?") == std::string::npos) return clean;
  // Encoded words of at most 45 bytes (60 base64 characters), cut before a UTF-8 lead byte.
  std::string out;
  std::size_t start = 0;
  while (start < clean.size()) {
    std::size_t end = std::min(start + 45, clean.size());
    while (end < clean.size() && end > start + 1 &&
           (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += ' ';
    out += "=?UTF-8?B?" + base64Encode(std::string_view(clean).substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

SmtpMailer::SmtpMailer(SmtpTimeouts timeouts) : timeouts_(timeouts) {
  initialiseCurl();
}

std::optional<std::string> SmtpMailer::send(const MailServerSettings& server,
                                            const MailMessage& message) const {
  if (server.host.empty()) return "e-mail is not configured (no server)";
  if (message.to.empty()) return "the message has no recipient";
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return "libcurl could not create a handle";
  CURL* h = curl.get();
  std::array<char, CURL_ERROR_SIZE> error{};

  const auto url = serverUrl(server);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeouts_.connect.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(timeouts_.total.count()));
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   server.security == MailSecurity::kStartTls ? static_cast<long>(CURLUSESSL_ALL)
                                                              : static_cast<long>(CURLUSESSL_NONE));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_blob ca{const_cast<char*>(server.ca_pem.data()), server.ca_pem.size(), CURL_BLOB_COPY};
  if (!server.ca_pem.empty()) curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
  if (!server.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, server.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, server.password.c_str());
  }
  const auto from = "<" + server.sender + ">";
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());

  std::unique_ptr<curl_slist, CurlDeleter> recipients;
  std::string to_header;
  for (const auto& address : message.to) {
    if (!isMailAddress(address)) return "not an e-mail address: " + address;
    recipients.reset(curl_slist_append(recipients.release(), ("<" + address + ">").c_str()));
    to_header += (to_header.empty() ? "" : ", ") + address;
  }
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());

  std::vector<std::string> lines = {
      "Date: " + mailDate(std::time(nullptr)), "From: " + server.sender, "To: " + to_header,
      "Subject: " + encodeHeaderText(message.subject),
      "Message-ID: <" + crypto::randomToken(16) + "@" + domainOf(server.sender) + ">"};
  // X-Priority for the clients that read it (Thunderbird...), Importance for Outlook's.
  if (message.priority == MailPriority::kHigh) {
    lines.insert(lines.end(), {"X-Priority: 1 (Highest)", "Importance: High"});
  } else if (message.priority == MailPriority::kLow) {
    lines.insert(lines.end(), {"X-Priority: 5 (Lowest)", "Importance: Low"});
  }
  std::unique_ptr<curl_slist, CurlDeleter> headers;
  for (const auto& line : lines) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

  std::unique_ptr<curl_mime, CurlDeleter> mime(curl_mime_init(h));
  curl_mimepart* text = curl_mime_addpart(mime.get());
  curl_mime_data(text, message.text.data(), message.text.size());
  curl_mime_type(text, "text/plain; charset=UTF-8");
  curl_mime_encoder(text, "quoted-printable");
  for (const auto& attachment : message.attachments) {
    curl_mimepart* part = curl_mime_addpart(mime.get());
    curl_mime_data(part, attachment.data.data(), attachment.data.size());
    curl_mime_type(part, attachment.content_type.c_str());
    curl_mime_filename(part, attachment.filename.c_str());
    curl_mime_encoder(part, "base64");
  }
  curl_easy_setopt(h, CURLOPT_MIMEPOST, mime.get());

  const CURLcode result = curl_easy_perform(h);
  if (result == CURLE_OK) return std::nullopt;
  std::string text_out = error[0] != '\0' ? error.data() : curl_easy_strerror(result);
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  if (reply > 0) text_out += " (server reply " + std::to_string(reply) + ")";
  return text_out;
}

}  // namespace pw::manager::notify
