#include "manager/api/static_files.hpp"

#include <algorithm>

#include "common/core/files.hpp"

namespace pw::manager::api {
namespace {

std::string contentType(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  for (const auto& [ext, type] : kTypes) {
    if (path.size() >= std::char_traits<char>::length(ext) &&
        path.compare(path.size() - std::char_traits<char>::length(ext), std::string::npos, ext) ==
            0) {
      return type;
    }
  }
  return "application/octet-stream";
}

// Rejects anything that could climb out of the root or name a hidden file.
bool isSafeRelativePath(const std::string& path) {
  if (path.empty() || path.find('\\') != std::string::npos ||
      path.find('\0') != std::string::npos) {
    return false;
  }
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    const auto segment = path.substr(pos, end - pos);
    if (segment.empty() || segment.front() == '.') return false;
    pos = end + 1;
  }
  return true;
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path web_root, std::span<const EmbeddedFile> embedded)
    : web_root_(std::move(web_root)), embedded_(embedded) {}

std::optional<std::string> StaticFiles::load(const std::string& relative) const {
  if (!isSafeRelativePath(relative)) return std::nullopt;
  if (!web_root_.empty()) {
    const auto file = web_root_ / relative;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
    return readFile(file);
  }
  const auto it = std::find_if(embedded_.begin(), embedded_.end(),
                               [&](const EmbeddedFile& f) { return f.path == relative; });
  if (it == embedded_.end()) return std::nullopt;
  return std::string(it->data);
}

net::HttpResponse StaticFiles::serve(std::string_view path) const {
  std::string relative(path.substr(path.find_first_not_of('/') == std::string_view::npos
                                       ? path.size()
                                       : path.find_first_not_of('/')));
  net::HttpResponse response;
  auto body = relative.empty() ? std::nullopt : load(relative);
  const bool has_extension = relative.find('.', relative.rfind('/') + 1) != std::string::npos;
  if (!body && !has_extension) {
    relative = "index.html";  // a client-side route
    body = load(relative);
  }
  if (!body) {
    response.status = 404;
    response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    response.body = relative == "index.html"
                        ? "The web console is not available: it was not built, or web_root does "
                          "not point at its dist folder."
                        : "Not found";
    return response;
  }
  response.headers.emplace_back("Content-Type", contentType(relative));
  // Vite names assets by content hash, so they never change; index.html must be revalidated.
  response.headers.emplace_back("Cache-Control", relative.rfind("assets/", 0) == 0
                                                     ? "public, max-age=31536000, immutable"
                                                     : "no-cache");
  response.body = std::move(*body);
  return response;
}

}  // namespace pw::manager::api
