#include "manager/directory/negotiate_acceptor.hpp"

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include <array>
#include <optional>

namespace pw::manager {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Standard base64 (RFC 4648 section 4) as HTTP Negotiate uses; padding required.
std::optional<std::string> base64Decode(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '=') {
      if (i + 2 < text.size()) return std::nullopt;
      ++padding;
      continue;
    }
    if (padding) return std::nullopt;
    const auto value = kAlphabet.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string base64Encode(const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  std::string out;
  for (std::size_t i = 0; i < size; i += 3) {
    const std::uint32_t chunk = (bytes[i] << 16) | (i + 1 < size ? bytes[i + 1] << 8 : 0) |
                                (i + 2 < size ? bytes[i + 2] : 0);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    out += i + 1 < size ? kAlphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < size ? kAlphabet[chunk & 63] : '=';
  }
  return out;
}

// GSSAPI's explanation of a major/minor status pair.
std::string statusText(OM_uint32 major, OM_uint32 minor) {
  std::string text;
  for (const auto& [code, type] :
       std::array{std::pair{major, GSS_C_GSS_CODE}, std::pair{minor, GSS_C_MECH_CODE}}) {
    OM_uint32 context = 0;
    do {
      OM_uint32 ignored = 0;
      gss_buffer_desc message{0, nullptr};
      gss_display_status(&ignored, code, type, GSS_C_NO_OID, &context, &message);
      if (message.length) {
        if (!text.empty()) text += "; ";
        text.append(static_cast<const char*>(message.value), message.length);
      }
      gss_release_buffer(&ignored, &message);
    } while (context != 0);
  }
  return text;
}

// Releases what GSSAPI handed out, whatever way the function returns.
struct GssHandles {
  gss_name_t server = GSS_C_NO_NAME;
  gss_name_t client = GSS_C_NO_NAME;
  gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
  gss_ctx_id_t context = GSS_C_NO_CONTEXT;
  gss_buffer_desc output{0, nullptr};
  ~GssHandles() {
    OM_uint32 minor = 0;
    gss_release_name(&minor, &server);
    gss_release_name(&minor, &client);
    gss_release_cred(&minor, &cred);
    gss_delete_sec_context(&minor, &context, GSS_C_NO_BUFFER);
    gss_release_buffer(&minor, &output);
  }
};

Problem misconfigured(const std::string& message) {
  return {ErrorKind::kMisconfigured, "directory_misconfigured", message};
}

}  // namespace

Outcome<NegotiateResult> GssNegotiateAcceptor::accept(const KerberosSettings& settings,
                                                      const std::string& token_base64) {
  const auto token = base64Decode(token_base64);
  if (!token) return Problem{ErrorKind::kUnauthorized, "invalid_token", "the token is not base64"};
  GssHandles h;
  OM_uint32 minor = 0;
  gss_buffer_desc principal{settings.service_principal.size(),
                            const_cast<char*>(settings.service_principal.data())};
  OM_uint32 major = gss_import_name(&minor, &principal, GSS_KRB5_NT_PRINCIPAL_NAME, &h.server);
  if (GSS_ERROR(major)) {
    return misconfigured("service principal " + settings.service_principal + ": " +
                         statusText(major, minor));
  }
  gss_key_value_element_desc keytab{"keytab", settings.keytab.c_str()};
  gss_key_value_set_desc store{1, &keytab};
  major = gss_acquire_cred_from(&minor, h.server, GSS_C_INDEFINITE, GSS_C_NO_OID_SET, GSS_C_ACCEPT,
                                &store, &h.cred, nullptr, nullptr);
  if (GSS_ERROR(major)) {
    return misconfigured("keytab " + settings.keytab + " for " + settings.service_principal + ": " +
                         statusText(major, minor));
  }
  gss_buffer_desc input{token->size(), const_cast<char*>(token->data())};
  major = gss_accept_sec_context(&minor, &h.context, h.cred, &input, GSS_C_NO_CHANNEL_BINDINGS,
                                 &h.client, nullptr, &h.output, nullptr, nullptr, nullptr);
  if (GSS_ERROR(major)) {
    return Problem{ErrorKind::kUnauthorized, "invalid_token",
                   "the token was refused: " + statusText(major, minor)};
  }
  if (major & GSS_S_CONTINUE_NEEDED) {
    return Problem{ErrorKind::kUnauthorized, "invalid_token",
                   "the token needs more round trips (not Kerberos)"};
  }
  gss_buffer_desc name{0, nullptr};
  major = gss_display_name(&minor, h.client, &name, nullptr);
  if (GSS_ERROR(major)) {
    return Problem{ErrorKind::kUnauthorized, "invalid_token", statusText(major, minor)};
  }
  NegotiateResult result;
  result.principal.assign(static_cast<const char*>(name.value), name.length);
  gss_release_buffer(&minor, &name);
  if (h.output.length) result.output_token = base64Encode(h.output.value, h.output.length);
  return result;
}

}  // namespace pw::manager
