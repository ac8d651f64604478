#include "common/net/http_message.hpp"

#include <cstddef>

namespace pw::net {
namespace {

char asciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (asciiLower(a[i]) != asciiLower(b[i])) return false;
  }
  return true;
}

std::string_view findHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (equalsIgnoreCase(key, name)) return value;
  }
  return {};
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding. A '%' not followed by two hex digits is kept
// literally: query strings come from the network and a lenient decoder never fails a request
// over a typo in a parameter the handler may not even read.
std::string formDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < in.size() && hexValue(in[i + 1]) >= 0 &&
               hexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string_view HttpRequest::header(std::string_view name) const {
  return findHeader(headers, name);
}

std::string_view HttpRequest::path() const {
  std::string_view t = target;
  const auto q = t.find('?');
  return q == std::string_view::npos ? t : t.substr(0, q);
}

std::optional<std::string> HttpRequest::queryParam(std::string_view name) const {
  for (auto& [key, value] : queryParams()) {
    if (key == name) return std::move(value);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> HttpRequest::queryParams() const {
  std::vector<std::pair<std::string, std::string>> params;
  std::string_view t = target;
  const auto q = t.find('?');
  if (q == std::string_view::npos) return params;
  std::string_view query = t.substr(q + 1);
  // A fragment is never sent by conforming clients, but if one is, it is not query data.
  if (const auto hash = query.find('#'); hash != std::string_view::npos) {
    query = query.substr(0, hash);
  }
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    params.emplace_back(formDecode(pair.substr(0, eq)), eq == std::string_view::npos
                                                            ? std::string{}
                                                            : formDecode(pair.substr(eq + 1)));
  }
  return params;
}

std::string_view HttpResponse::header(std::string_view name) const {
  return findHeader(headers, name);
}

}  // namespace pw::net
