#pragma once
// Text helpers shared by the readers, the validator and the writers. Internal to the module.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pw::manager::exchange::detail {

// Decodes one UTF-8 sequence at text[pos]; returns its length and sets code_point, or 0 when the
// bytes there are not well-formed UTF-8 (overlong forms, surrogates and > U+10FFFF included).
std::size_t decodeUtf8(std::string_view text, std::size_t pos, char32_t& code_point);
void appendUtf8(std::string& out, char32_t code_point);

struct Utf8Scan {
  bool valid = true;
  bool has_control = false;  // C0, DEL or C1 control characters
  std::size_t code_points = 0;
};
Utf8Scan scanUtf8(std::string_view text);

// Replaces malformed UTF-8 and control characters other than TAB/LF/CR with U+FFFD, because an
// XLSX part must be well-formed XML 1.0.
std::string sanitizeForXml(std::string_view text);

struct Utf16Result {
  std::string utf8;
  std::optional<std::size_t> bad_byte;  // offset of the first invalid code unit
  int bad_line = 0;                     // line (counted in the decoded text) of that offset
};
// Converts UTF-16 without its BOM. Surrogate pairs are combined; a lone surrogate or an odd
// trailing byte is an error.
Utf16Result utf16ToUtf8(std::string_view bytes, bool big_endian);

std::string toLowerAscii(std::string_view text);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string_view trimSpaces(std::string_view text);

}  // namespace pw::manager::exchange::detail
