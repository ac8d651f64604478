#include "common/core/files.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

namespace pw {
namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot be read");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::optional<std::string> readFileIfExists(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  return readFile(path);
}

void writeFileAtomically(const fs::path& path, const std::string& content, FileAccess access) {
  const fs::path temporary = path.string() + ".tmp";
#ifndef _WIN32
  // open(2) so that a private file is never, even briefly, readable by others.
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                        access == FileAccess::kOwnerOnly ? 0600 : 0644);
  if (fd < 0) throw std::runtime_error(temporary.string() + ": cannot be written");
  std::size_t written = 0;
  while (written < content.size()) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error(temporary.string() + ": write failed");
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) throw std::runtime_error(temporary.string() + ": fsync failed");
#else
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) throw std::runtime_error(temporary.string() + ": cannot be written");
  }
  (void)access;  // the data directory's ACL protects it on Windows (set by the installer)
#endif
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) throw std::runtime_error(path.string() + ": cannot be replaced: " + ec.message());
}

void createPrivateDirectory(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw std::runtime_error(path.string() + ": cannot be created: " + ec.message());
  fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, ec);
}

}  // namespace pw
