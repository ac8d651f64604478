#pragma once
// Whole-file reads and crash-safe writes (write a temporary file, flush, rename over the
// target), so a kill at any moment leaves either the old or the new content.
#include <filesystem>
#include <optional>
#include <string>

namespace pw {

/// The file's bytes; throws std::runtime_error naming the file when it cannot be read.
std::string readFile(const std::filesystem::path& path);
/// nullopt when the file does not exist; throws when it exists but cannot be read.
std::optional<std::string> readFileIfExists(const std::filesystem::path& path);

enum class FileAccess { kPublic, kOwnerOnly };

/// Replaces the file atomically. kOwnerOnly files (keys, secrets) are created 0600.
void writeFileAtomically(const std::filesystem::path& path, const std::string& content,
                         FileAccess access);

/// Creates the directory (and parents) if needed, restricted to the owner.
void createPrivateDirectory(const std::filesystem::path& path);

}  // namespace pw
