#pragma once
// IPv4 and host-name text as the Manager reads it everywhere: Agent scopes (manager/scope),
// regions and the device registry (manager/core, manager/storage) share one strict parser.
//
// IPv4 text follows inet_pton(AF_INET): exactly four decimal octets 0-255, no sign, no
// whitespace inside, and no leading zeros ("010.0.0.1" is refused, as glibc's inet_pton does,
// because inet_aton and many tools read it as octal 8 and the administrator cannot tell which
// meaning a console would use).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace pw {

/// The address in host byte order (10.0.0.1 -> 0x0A000001), or why the text is not one
/// ("not an IPv4 address", with a note for leading zeros).
std::variant<std::uint32_t, std::string> parseIpv4Detailed(std::string_view text);
/// Strict dotted quad (see the top of this file).
std::optional<std::uint32_t> parseIpv4(std::string_view text);
std::string formatIpv4(std::uint32_t address);

/// Lower case, trailing dot removed; the form names are compared in. Does not validate.
std::string normalizeHostName(std::string_view name);

}  // namespace pw
