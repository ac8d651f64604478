#pragma once
// Sign-in through the directory: the LDAP / Kerberos settings (System Manager), "test
// connection", password sign-in of directory users (AuthService's ExternalLogin) and Kerberos
// sign-in. A directory user's record (source ldap or kerberos, no local password) is created at
// the first sign-in and its role, grants and regions are re-evaluated from its groups at every
// sign-in. Refusals are explained in the log (warn callback) and answered with the generic
// invalid_credentials. Thread-safe: settings are read from the store at each call.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/core/clock.hpp"
#include "common/crypto/secrets.hpp"
#include "manager/core/directory.hpp"
#include "manager/core/storage.hpp"
#include "manager/services/auth_service.hpp"
#include "manager/services/directory_client.hpp"
#include "manager/services/problem.hpp"

namespace pw::manager {

/// The settings as stored and shown; the service password only as "is set".
struct DirectorySettingsView {
  DirectorySettings settings;
  bool service_password_set = false;
};

/// A change of the settings. service_password: nullopt keeps the stored one, "" clears it.
struct DirectorySettingsEdit {
  DirectorySettings settings;
  std::optional<std::string> service_password;
};

/// The settings' JSON (the API's and the store's, without secrets). Parsing names the first bad
/// field in an invalid_input problem.
nlohmann::json directorySettingsToJson(const DirectorySettings& settings);
Outcome<DirectorySettings> directorySettingsFromJson(const nlohmann::json& json);

struct DirectoryTestStep {
  std::string name;  ///< "connect" (connect, TLS and service bind), "lookup"
  bool ok = false;
  std::string code;  ///< the problem's code when not ok
  std::string message;
};

struct DirectoryTestReport {
  std::vector<DirectoryTestStep> steps;
  std::optional<DirectoryIdentity> identity;  ///< the looked-up user
  std::optional<DirectoryAccess> access;      ///< what the user would get; nullopt: refused
};

struct KerberosLogin {
  User user;
  std::string output_token;
};

class DirectoryService final : public ExternalLogin {
 public:
  using Warn = std::function<void(const std::string&)>;
  /// client / acceptor may be null (a build without directory support): directory sign-in is
  /// then unavailable and the settings cannot enable it.
  DirectoryService(SettingsStore& settings, UserStore& users, RegionStore& regions,
                   const crypto::SecretBox& secrets, const Clock& clock, DirectoryClient* client,
                   NegotiateAcceptor* acceptor, Warn warn);

  DirectorySettingsView settings();
  /// invalid_input naming the field (including unknown region ids).
  Outcome<DirectorySettingsView> save(const DirectorySettingsEdit& edit);
  /// Tests `edit` (not saved; its password, or the stored one when nullopt): connect and bind,
  /// then, with a user name, look it up and say which mapping applies.
  Outcome<DirectoryTestReport> test(const DirectorySettingsEdit& edit, const std::string& username);

  [[nodiscard]] bool enabled() override;
  Outcome<User> authenticate(const std::string& username, const std::string& password) override;

  [[nodiscard]] bool kerberosEnabled();
  /// Accepts a Negotiate token; the principal's groups come from LDAP when it is enabled, else
  /// from the configured principal groups. invalid_credentials for any refusal.
  Outcome<KerberosLogin> negotiate(const std::string& token_base64);

 private:
  struct Stored {
    DirectorySettings settings;
    std::string service_password;
  };
  Stored load();
  Outcome<User> admit(const DirectorySettings& settings, const std::string& username,
                      UserSource source, const std::vector<std::string>& groups);

  SettingsStore& store_;
  UserStore& users_;
  RegionStore& regions_;
  const crypto::SecretBox& secrets_;
  const Clock& clock_;
  DirectoryClient* client_;
  NegotiateAcceptor* acceptor_;
  Warn warn_;
};

}  // namespace pw::manager
