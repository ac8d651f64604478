#include "manager/exchange/text_util.hpp"

namespace pw::manager::exchange::detail {

std::size_t decodeUtf8(std::string_view text, std::size_t pos, char32_t& code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  std::size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char next = byte(pos + i);
    if ((next & 0xC0) != 0x80) return 0;
    value = (value << 6) | (next & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  code_point = value;
  return length;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {
bool isControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}
}  // namespace

Utf8Scan scanUtf8(std::string_view text) {
  Utf8Scan scan;
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    const std::size_t length = decodeUtf8(text, pos, cp);
    if (length == 0) {
      scan.valid = false;
      return scan;
    }
    if (isControl(cp)) scan.has_control = true;
    ++scan.code_points;
    pos += length;
  }
  return scan;
}

std::string sanitizeForXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    const std::size_t length = decodeUtf8(text, pos, cp);
    if (length == 0) {
      appendUtf8(out, 0xFFFD);
      ++pos;
      continue;
    }
    const bool allowed_control = cp == '\t' || cp == '\n' || cp == '\r';
    if (isControl(cp) && !allowed_control) {
      appendUtf8(out, 0xFFFD);
    } else {
      out.append(text.substr(pos, length));
    }
    pos += length;
  }
  return out;
}

Utf16Result utf16ToUtf8(std::string_view bytes, bool big_endian) {
  Utf16Result result;
  result.utf8.reserve(bytes.size());
  int line = 1;
  const auto unitAt = [&](std::size_t i) -> char16_t {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    return static_cast<char16_t>(big_endian ? (b0 << 8) | b1 : (b1 << 8) | b0);
  };
  const auto fail = [&](std::size_t offset) {
    result.bad_byte = offset;
    result.bad_line = line;
    return result;
  };
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (pos + 2 > bytes.size()) return fail(pos);
    const char16_t unit = unitAt(pos);
    char32_t cp = unit;
    std::size_t consumed = 2;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (pos + 4 > bytes.size()) return fail(pos);
      const char16_t low = unitAt(pos + 2);
      if (low < 0xDC00 || low > 0xDFFF) return fail(pos);
      cp = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) + (low - 0xDC00);
      consumed = 4;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return fail(pos);
    }
    if (cp == '\n') ++line;
    appendUtf8(result.utf8, cp);
    pos += consumed;
  }
  return result;
}

std::string toLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && toLowerAscii(a) == toLowerAscii(b);
}

std::string_view trimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace pw::manager::exchange::detail
