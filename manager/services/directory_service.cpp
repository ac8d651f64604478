#include "manager/services/directory_service.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace pw::manager {
namespace {

using nlohmann::json;

constexpr const char* kSettingsKey = "directory";
// Binds the sealed service password to this setting: copied elsewhere it does not open.
constexpr const char* kPasswordAad = "settings:directory:service-password";

Problem invalid(const std::string& field, const std::string& what) {
  return {ErrorKind::kInvalidInput, "invalid_input", field + ": " + what};
}

Problem refusedLogin() {
  return {ErrorKind::kUnauthorized, "invalid_credentials",
          "The user name or password is incorrect."};
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

json groupsJson(const std::vector<std::string>& groups) {
  return groups;
}

// Readers that remember the first bad field.
class Reader {
 public:
  explicit Reader(const json& object, std::string prefix)
      : j_(object), prefix_(std::move(prefix)) {}

  template <typename T>
  void get(const char* key, T& out, bool (json::*check)() const noexcept, const char* expected) {
    if (!j_.contains(key)) return;
    if (!(j_[key].*check)()) return fail(key, std::string("must be ") + expected);
    out = j_[key].get<T>();
  }
  void text(const char* key, std::string& out) {
    get(key, out, &json::is_string, "a string");
    if (out.size() > 1024) fail(key, "is too long");
  }
  void flag(const char* key, bool& out) { get(key, out, &json::is_boolean, "true or false"); }
  void groups(const char* key, std::vector<std::string>& out) {
    if (!j_.contains(key)) return;
    const auto& v = j_[key];
    if (!v.is_array() ||
        !std::all_of(v.begin(), v.end(), [](const json& g) { return g.is_string(); })) {
      return fail(key, "must be a list of group names");
    }
    out = v.get<std::vector<std::string>>();
  }
  void fail(const std::string& key, const std::string& what) {
    if (!problem) problem = invalid(prefix_ + key, what);
  }

  std::optional<Problem> problem;

 private:
  const json& j_;
  std::string prefix_;
};

// Reads the optional list of objects j[key] into `out`, each item by read(Reader&, T&); the
// first bad item's field is named as field[i].name.
template <typename T, typename Read>
std::optional<Problem> readList(const json& j, const char* key, const std::string& field,
                                std::vector<T>& out, Read read) {
  if (!j.contains(key)) return std::nullopt;
  const auto& list = j[key];
  if (!list.is_array()) return invalid(field, "must be a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto prefix = field + "[" + std::to_string(i) + "]";
    if (!list[i].is_object()) return invalid(prefix, "must be an object");
    Reader e(list[i], prefix + ".");
    T item;
    read(e, item);
    if (e.problem) return e.problem;
    out.push_back(std::move(item));
  }
  return std::nullopt;
}

}  // namespace

json directorySettingsToJson(const DirectorySettings& s) {
  json roles = json::array();
  for (const auto& m : s.role_mappings) {
    json grants = json::array();
    for (const auto g : kAllGrants) {
      if (m.grants.has(g)) grants.push_back(toString(g));
    }
    roles.push_back(
        {{"groups", groupsJson(m.groups)}, {"role", toString(m.role)}, {"grants", grants}});
  }
  json regions = json::array();
  for (const auto& m : s.region_mappings) {
    regions.push_back({{"regionId", m.region_id}, {"groups", groupsJson(m.groups)}});
  }
  json principals = json::array();
  for (const auto& p : s.kerberos.principal_groups) {
    principals.push_back({{"principal", p.principal}, {"groups", groupsJson(p.groups)}});
  }
  const auto& l = s.ldap;
  return {{"ldap",
           {{"enabled", l.enabled},
            {"host", l.host},
            {"port", l.port},
            {"security", toString(l.security)},
            {"allowPlain", l.allow_plain},
            {"caFile", l.ca_file},
            {"baseDn", l.base_dn},
            {"domain", l.domain},
            {"accountAttribute", l.account_attribute},
            {"upnAttribute", l.upn_attribute},
            {"bindDnTemplate", l.bind_dn_template},
            {"serviceBindDn", l.service_bind_dn},
            {"groupAttribute", l.group_attribute}}},
          {"kerberos",
           {{"enabled", s.kerberos.enabled},
            {"keytab", s.kerberos.keytab},
            {"servicePrincipal", s.kerberos.service_principal},
            {"principalGroups", principals}}},
          {"roleMappings", roles},
          {"regionsFromGroups", s.regions_from_groups},
          {"regionMappings", regions}};
}

Outcome<DirectorySettings> directorySettingsFromJson(const json& j) {
  if (!j.is_object()) return invalid("body", "must be a JSON object");
  DirectorySettings s;
  Reader top(j, "");
  if (j.contains("ldap")) {
    if (!j["ldap"].is_object()) return invalid("ldap", "must be an object");
    Reader r(j["ldap"], "ldap.");
    auto& l = s.ldap;
    r.flag("enabled", l.enabled);
    r.text("host", l.host);
    r.get("port", l.port, &json::is_number_integer, "an integer");
    std::string security = toString(l.security);
    r.text("security", security);
    if (const auto parsed = ldapSecurityFromString(security)) {
      l.security = *parsed;
    } else {
      r.fail("security", "must be ldaps, starttls or plain");
    }
    r.flag("allowPlain", l.allow_plain);
    r.text("caFile", l.ca_file);
    r.text("baseDn", l.base_dn);
    r.text("domain", l.domain);
    r.text("accountAttribute", l.account_attribute);
    r.text("upnAttribute", l.upn_attribute);
    r.text("bindDnTemplate", l.bind_dn_template);
    r.text("serviceBindDn", l.service_bind_dn);
    r.text("groupAttribute", l.group_attribute);
    if (r.problem) return *r.problem;
  }
  if (j.contains("kerberos")) {
    if (!j["kerberos"].is_object()) return invalid("kerberos", "must be an object");
    Reader r(j["kerberos"], "kerberos.");
    r.flag("enabled", s.kerberos.enabled);
    r.text("keytab", s.kerberos.keytab);
    r.text("servicePrincipal", s.kerberos.service_principal);
    if (auto bad = readList(j["kerberos"], "principalGroups", "kerberos.principalGroups",
                            s.kerberos.principal_groups, [](Reader& e, PrincipalGroups& p) {
                              e.text("principal", p.principal);
                              e.groups("groups", p.groups);
                            })) {
      return *bad;
    }
    if (r.problem) return *r.problem;
  }
  if (auto bad = readList(j, "roleMappings", "roleMappings", s.role_mappings,
                          [](Reader& e, RoleMapping& m) {
                            e.groups("groups", m.groups);
                            std::string role;
                            e.text("role", role);
                            if (const auto parsed = roleFromString(role)) {
                              m.role = *parsed;
                            } else {
                              e.fail("role", "must be system_manager, device_manager or user");
                            }
                            std::vector<std::string> grants;
                            e.groups("grants", grants);
                            for (const auto& g : grants) {
                              if (const auto grant = grantFromString(g)) {
                                m.grants.add(*grant);
                              } else {
                                e.fail("grants", "unknown grant " + g);
                              }
                            }
                          })) {
    return *bad;
  }
  top.flag("regionsFromGroups", s.regions_from_groups);
  if (top.problem) return *top.problem;
  if (auto bad = readList(j, "regionMappings", "regionMappings", s.region_mappings,
                          [](Reader& e, RegionMapping& m) {
                            e.get("regionId", m.region_id, &json::is_number_integer, "an integer");
                            e.groups("groups", m.groups);
                          })) {
    return *bad;
  }
  if (const auto errors = validateDirectorySettings(s); !errors.empty()) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input", errors.front().message};
  }
  return s;
}

DirectoryService::DirectoryService(SettingsStore& settings, UserStore& users, RegionStore& regions,
                                   const crypto::SecretBox& secrets, const Clock& clock,
                                   DirectoryClient* client, NegotiateAcceptor* acceptor, Warn warn)
    : store_(settings),
      users_(users),
      regions_(regions),
      secrets_(secrets),
      clock_(clock),
      client_(client),
      acceptor_(acceptor),
      warn_(std::move(warn)) {}

DirectoryService::Stored DirectoryService::load() {
  Stored stored;
  const auto text = store_.findSetting(kSettingsKey);
  if (!text) return stored;
  const auto j = json::parse(*text);
  if (auto parsed = directorySettingsFromJson(j)) stored.settings = *parsed;
  if (const auto sealed = j.value("servicePasswordSealed", std::string()); !sealed.empty()) {
    if (auto opened = secrets_.open(sealed, kPasswordAad)) {
      stored.service_password = *opened;
    } else {
      warn_("the directory service account's password did not decrypt (master key replaced?)");
    }
  }
  return stored;
}

DirectorySettingsView DirectoryService::settings() {
  auto stored = load();
  return {stored.settings, !stored.service_password.empty()};
}

Outcome<DirectorySettingsView> DirectoryService::save(const DirectorySettingsEdit& edit) {
  const auto& s = edit.settings;
  if ((s.ldap.enabled && !client_) || (s.kerberos.enabled && !acceptor_)) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input",
                   "ldap.enabled: this build of the Manager has no directory support"};
  }
  for (std::size_t i = 0; i < s.region_mappings.size(); ++i) {
    if (!regions_.findRegion(s.region_mappings[i].region_id)) {
      return invalid("regionMappings[" + std::to_string(i) + "].regionId", "no such region");
    }
  }
  const auto password = edit.service_password ? *edit.service_password : load().service_password;
  auto j = directorySettingsToJson(s);
  if (!password.empty()) j["servicePasswordSealed"] = secrets_.seal(password, kPasswordAad);
  store_.saveSetting(kSettingsKey, j.dump());
  return DirectorySettingsView{s, !password.empty()};
}

Outcome<DirectoryTestReport> DirectoryService::test(const DirectorySettingsEdit& edit,
                                                    const std::string& username) {
  if (!client_) {
    return Problem{ErrorKind::kInvalidInput, "invalid_input",
                   "ldap: this build of the Manager has no directory support"};
  }
  const LdapConnection connection{
      edit.settings.ldap, edit.service_password ? *edit.service_password : load().service_password};
  DirectoryTestReport report;
  const auto probe = client_->probe(connection);
  report.steps.push_back({"connect", bool(probe), probe ? "" : probe.error().code,
                          probe ? "" : probe.error().message});
  if (!probe || username.empty()) return report;
  const auto name = parseLoginName(username);
  if (!name) return invalid("username", "not a directory user name");
  const auto found = client_->lookup(connection, *name);
  report.steps.push_back({"lookup", bool(found), found ? "" : found.error().code,
                          found ? found->dn : found.error().message});
  if (!found) return report;
  report.identity = *found;
  report.access = resolveAccess(edit.settings, found->groups);
  return report;
}

bool DirectoryService::enabled() {
  return client_ && load().settings.ldap.enabled;
}

Outcome<User> DirectoryService::admit(const DirectorySettings& settings,
                                      const std::string& username, UserSource source,
                                      const std::vector<std::string>& groups) {
  const auto access = resolveAccess(settings, groups);
  if (!access) {
    std::string list;
    for (const auto& g : groups) list += (list.empty() ? "" : "; ") + g;
    warn_("directory sign-in refused for " + username + ": no role mapping matches its groups [" +
          list + "]");
    return refusedLogin();
  }
  const auto id =
      users_.saveDirectoryUser(username, access->role, access->grants, source, clock_.now());
  if (!id) {
    warn_("directory sign-in refused for " + username + ": a local account has that name");
    return refusedLogin();
  }
  if (!regions_.setUserRegions(*id, access->region_ids)) {
    warn_("directory sign-in of " + username + ": a mapped region no longer exists");
    return refusedLogin();
  }
  auto user = users_.findUserById(*id);
  if (!user) return refusedLogin();
  return *user;
}

Outcome<User> DirectoryService::authenticate(const std::string& username,
                                             const std::string& password) {
  if (!client_) return refusedLogin();
  const auto stored = load();
  const auto& ldap = stored.settings.ldap;
  const auto name = parseLoginName(username);
  // An empty password would be an unauthenticated bind, which servers accept for any name.
  if (!ldap.enabled || !name || password.empty()) return refusedLogin();
  if (name->form == LoginName::Form::kDownLevel && lower(name->domain) != lower(ldap.domain)) {
    warn_("directory sign-in refused for " + username + ": the domain is not " + ldap.domain);
    return refusedLogin();
  }
  // A plain name is the down-level one in the configured domain, and recorded so.
  auto record = *name;
  if (record.form == LoginName::Form::kPlain && !ldap.domain.empty()) {
    record.form = LoginName::Form::kDownLevel;
    record.domain = ldap.domain;
  }
  auto identity = client_->authenticate({ldap, stored.service_password}, record, password);
  if (!identity) {
    warn_("directory sign-in refused for " + username + ": " + identity.error().message);
    return refusedLogin();
  }
  return admit(stored.settings, record.typed(), UserSource::kLdap, identity->groups);
}

bool DirectoryService::kerberosEnabled() {
  return acceptor_ && load().settings.kerberos.enabled;
}

Outcome<KerberosLogin> DirectoryService::negotiate(const std::string& token_base64) {
  const auto stored = load();
  const auto& settings = stored.settings;
  if (!acceptor_ || !settings.kerberos.enabled) return refusedLogin();
  auto accepted = acceptor_->accept(settings.kerberos, token_base64);
  if (!accepted) {
    warn_("Kerberos sign-in refused: " + accepted.error().message);
    return refusedLogin();
  }
  const auto& principal = accepted->principal;
  std::vector<std::string> groups;
  if (settings.ldap.enabled && client_) {
    const auto name = parseLoginName(principal);
    if (!name) return refusedLogin();
    auto found = client_->lookup({settings.ldap, stored.service_password}, *name);
    if (!found) {
      warn_("Kerberos sign-in refused for " + principal + ": " + found.error().message);
      return refusedLogin();
    }
    groups = found->groups;
  } else {
    for (const auto& entry : settings.kerberos.principal_groups) {
      if (lower(entry.principal) == lower(principal)) groups = entry.groups;
    }
  }
  auto user = admit(settings, principal, UserSource::kKerberos, groups);
  if (!user) return user.error();
  return KerberosLogin{*user, accepted->output_token};
}

}  // namespace pw::manager
