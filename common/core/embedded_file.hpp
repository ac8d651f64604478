#pragma once
// A file compiled into a binary by cmake/EmbedFiles.cmake.
#include <span>
#include <string_view>

namespace pw {

struct EmbeddedFile {
  std::string_view path;  ///< relative to the embedding base directory, '/'-separated
  std::string_view data;
};

}  // namespace pw
