#include "agent/snmp/netsnmp_bridge.hpp"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <type_traits>

namespace pw::agent::snmp::detail {

// The library keeps a little global state (default store, MIB search path). Configure it
// once so that nothing reads snmp.conf or MIB files: the codec needs neither, and without
// this every process would print a line per missing MIB module.
void initLibrary() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (std::getenv("MIBS") == nullptr) setenv("MIBS", "", 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_LOAD_HOST_FILES, 1);
    // The parser logs every malformed datagram ("bad type returned") to stderr; anyone on the
    // network could fill the log that way. Errors reach callers as CodecError instead.
    // With no handler at all the library falls back to stderr, so install a discarding one.
    snmp_disable_log();
    netsnmp_register_loghandler(NETSNMP_LOGHANDLER_NONE, LOG_DEBUG);
  });
}

std::vector<oid> toLibraryOid(const Oid& in) {
  return std::vector<oid>(in.begin(), in.end());
}

Oid fromLibraryOid(const oid* in, size_t length) {
  Oid out;
  out.reserve(length);
  for (size_t i = 0; i < length; ++i) out.push_back(static_cast<std::uint32_t>(in[i]));
  return out;
}

bool allowedInV1(const Value& value) {
  return !std::holds_alternative<Counter64>(value) && !isException(value);
}

bool addVarBind(netsnmp_pdu* pdu, const VarBind& varbind) {
  const std::vector<oid> name = toLibraryOid(varbind.oid);
  const auto add = [&](u_char type, const void* data, size_t length) {
    return snmp_pdu_add_variable(pdu, name.data(), name.size(), type, data, length) != nullptr;
  };
  return std::visit(
      [&](const auto& v) -> bool {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Null>) {
          return add(ASN_NULL, nullptr, 0);
        } else if constexpr (std::is_same_v<T, Integer>) {
          const long number = v.value;
          return add(ASN_INTEGER, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, OctetString>) {
          return add(ASN_OCTET_STR, v.bytes.data(), v.bytes.size());
        } else if constexpr (std::is_same_v<T, Opaque>) {
          return add(ASN_OPAQUE, v.bytes.data(), v.bytes.size());
        } else if constexpr (std::is_same_v<T, ObjectId>) {
          const std::vector<oid> value = toLibraryOid(v.oid);
          return add(ASN_OBJECT_ID, value.data(), value.size() * sizeof(oid));
        } else if constexpr (std::is_same_v<T, IpAddress>) {
          return add(ASN_IPADDRESS, v.octets, sizeof v.octets);
        } else if constexpr (std::is_same_v<T, Counter32>) {
          const u_long number = v.value;
          return add(ASN_COUNTER, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, Gauge32>) {
          const u_long number = v.value;
          return add(ASN_GAUGE, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, TimeTicks>) {
          const u_long number = v.value;
          return add(ASN_TIMETICKS, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, Counter64>) {
          counter64 number{};
          number.high = static_cast<u_long>(v.value >> 32);
          number.low = static_cast<u_long>(v.value & 0xffffffffU);
          return add(ASN_COUNTER64, &number, sizeof number);
        } else if constexpr (std::is_same_v<T, NoSuchObject>) {
          return add(SNMP_NOSUCHOBJECT, nullptr, 0);
        } else if constexpr (std::is_same_v<T, NoSuchInstance>) {
          return add(SNMP_NOSUCHINSTANCE, nullptr, 0);
        } else {
          static_assert(std::is_same_v<T, EndOfMibView>);
          return add(SNMP_ENDOFMIBVIEW, nullptr, 0);
        }
      },
      varbind.value);
}

namespace {

Result<Value> valueFrom(const netsnmp_variable_list& var) {
  switch (var.type) {
    case ASN_NULL: return Value{Null{}};
    case ASN_INTEGER: {
      const long number = *var.val.integer;
      if (number < std::numeric_limits<std::int32_t>::min() ||
          number > std::numeric_limits<std::int32_t>::max()) {
        return CodecError::kUnsupportedValue;
      }
      return Value{Integer{static_cast<std::int32_t>(number)}};
    }
    case ASN_OCTET_STR:
      return Value{
          OctetString{std::string(reinterpret_cast<const char*>(var.val.string), var.val_len)}};
    case ASN_OPAQUE:
      return Value{Opaque{std::string(reinterpret_cast<const char*>(var.val.string), var.val_len)}};
    case ASN_OBJECT_ID:
      return Value{ObjectId{fromLibraryOid(var.val.objid, var.val_len / sizeof(oid))}};
    case ASN_IPADDRESS: {
      if (var.val_len != 4) return CodecError::kMalformed;
      IpAddress address;
      std::memcpy(address.octets, var.val.string, 4);
      return Value{address};
    }
    case ASN_COUNTER:
      return Value{
          Counter32{static_cast<std::uint32_t>(*reinterpret_cast<u_long*>(var.val.integer))}};
    case ASN_GAUGE:     // also Unsigned32, which shares the tag
    case ASN_UINTEGER:  // obsolete UInteger32 (RFC 1442), read as its successor
      return Value{
          Gauge32{static_cast<std::uint32_t>(*reinterpret_cast<u_long*>(var.val.integer))}};
    case ASN_TIMETICKS:
      return Value{
          TimeTicks{static_cast<std::uint32_t>(*reinterpret_cast<u_long*>(var.val.integer))}};
    case ASN_COUNTER64: {
      const std::uint64_t high = var.val.counter64->high & 0xffffffffU;
      const std::uint64_t low = var.val.counter64->low & 0xffffffffU;
      return Value{Counter64{(high << 32) | low}};
    }
    case SNMP_NOSUCHOBJECT: return Value{NoSuchObject{}};
    case SNMP_NOSUCHINSTANCE: return Value{NoSuchInstance{}};
    case SNMP_ENDOFMIBVIEW: return Value{EndOfMibView{}};
    default: return CodecError::kUnsupportedValue;
  }
}

}  // namespace

Result<std::vector<VarBind>> varBindsFrom(const netsnmp_pdu& pdu, Version version) {
  std::vector<VarBind> out;
  for (const netsnmp_variable_list* var = pdu.variables; var != nullptr; var = var->next_variable) {
    Result<Value> value = valueFrom(*var);
    if (!value) return value.error();
    if (version == Version::kV1 && !allowedInV1(value.value())) return CodecError::kMalformed;
    out.push_back(VarBind{fromLibraryOid(var->name, var->name_length), std::move(value).value()});
  }
  return out;
}

}  // namespace pw::agent::snmp::detail
