#pragma once
// Serves the web console: from a directory (development, `web_root`) or from files compiled
// into the binary (release builds). Unknown paths without a file extension get index.html so
// the single-page app's own routes survive a reload.
#include <filesystem>
#include <span>
#include <string>

#include "common/core/embedded_file.hpp"
#include "common/net/http_message.hpp"

namespace pw::manager::api {

class StaticFiles {
 public:
  /// Serves from web_root when it is non-empty, else from `embedded` (may be empty: then a
  /// page explains that the console was not built).
  StaticFiles(std::filesystem::path web_root, std::span<const EmbeddedFile> embedded);

  /// GET/HEAD response for a request path. Never reads outside the root.
  [[nodiscard]] net::HttpResponse serve(std::string_view path) const;

 private:
  [[nodiscard]] std::optional<std::string> load(const std::string& relative) const;

  std::filesystem::path web_root_;
  std::span<const EmbeddedFile> embedded_;
};

}  // namespace pw::manager::api
