#include "manager/core/directory.hpp"

#include <gtest/gtest.h>

namespace pw::manager {
namespace {

DirectorySettings mapped() {
  DirectorySettings s;
  s.role_mappings = {{{"Printer Admins"}, Role::kSystemManager, {}},
                     {{"Fleet Operators", "Helpdesk"}, Role::kDeviceManager, {Grant::kDevices}},
                     {{"cn=Staff,ou=groups,dc=example,dc=test"}, Role::kUser, {Grant::kTasks}}};
  s.regions_from_groups = true;
  s.region_mappings = {{7, {"Paris"}}, {8, {"Lyon", "Helpdesk"}}, {9, {"Berlin"}}};
  return s;
}

TEST(DirectoryTest, GroupMatchesByDnOrFirstRdnIgnoringCase) {
  EXPECT_TRUE(groupMatches("printer admins", "CN=Printer Admins,OU=Groups,DC=corp,DC=example"));
  EXPECT_TRUE(groupMatches("cn=staff,ou=groups,dc=example,dc=test",
                           "CN=Staff,OU=groups,DC=example,DC=test"));
  EXPECT_TRUE(groupMatches("Admins, Paris", "cn=Admins\\, Paris,ou=g"));
  EXPECT_FALSE(groupMatches("Admins", "cn=Printer Admins,ou=g"));
  EXPECT_FALSE(groupMatches("Groups", "cn=Printer Admins,ou=Groups"));
  EXPECT_FALSE(groupMatches(" ", "cn= ,ou=g"));
}

TEST(DirectoryTest, FirstRoleMappingInOrderWinsAndRegionsAddUp) {
  const auto s = mapped();
  const auto access =
      resolveAccess(s, {"cn=Staff,ou=groups,dc=example,dc=test", "cn=Helpdesk,ou=g", "cn=Paris"});
  ASSERT_TRUE(access);
  EXPECT_EQ(access->role, Role::kDeviceManager);
  EXPECT_EQ(access->grants, (GrantSet{Grant::kDevices}));
  EXPECT_EQ(access->role_mapping, 1U);
  EXPECT_EQ(access->matched_group, "Helpdesk");
  EXPECT_EQ(access->region_ids, (std::vector<std::int64_t>{7, 8}));
}

TEST(DirectoryTest, NoRoleMappingRefusesAndSystemManagersGetNoRegionsNorGrantsForUsers) {
  const auto s = mapped();
  EXPECT_FALSE(resolveAccess(s, {"cn=Paris", "cn=Lyon"}));
  EXPECT_FALSE(resolveAccess(s, {}));
  const auto admin = resolveAccess(s, {"cn=Printer Admins", "cn=Paris"});
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->role, Role::kSystemManager);
  EXPECT_TRUE(admin->region_ids.empty());
  const auto user = resolveAccess(s, {"cn=Staff,ou=groups,dc=example,dc=test"});
  ASSERT_TRUE(user);
  EXPECT_EQ(user->grants, GrantSet{});  // grants only for Device Managers
  auto no_regions = s;
  no_regions.regions_from_groups = false;
  EXPECT_TRUE(resolveAccess(no_regions, {"cn=Helpdesk", "cn=Paris"})->region_ids.empty());
}

TEST(DirectoryTest, ParsesTheThreeLoginNameForms) {
  const auto down = parseLoginName("CORP\\alice");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->form, LoginName::Form::kDownLevel);
  EXPECT_EQ(down->domain, "CORP");
  EXPECT_EQ(down->account, "alice");
  EXPECT_EQ(down->typed(), "CORP\\alice");
  const auto upn = parseLoginName("alice@corp.example");
  ASSERT_TRUE(upn);
  EXPECT_EQ(upn->form, LoginName::Form::kUpn);
  EXPECT_EQ(upn->typed(), "alice@corp.example");
  EXPECT_EQ(parseLoginName("alice")->form, LoginName::Form::kPlain);
  for (const auto* bad :
       {"", "\\alice", "CORP\\", "@corp", "alice@", "a\\b\\c", "a@b@c", "CORP\\a@b", "al\nice"}) {
    EXPECT_FALSE(parseLoginName(bad)) << bad;
  }
}

TEST(DirectoryTest, ValidationNamesTheField) {
  DirectorySettings s;
  s.ldap.enabled = true;
  s.ldap.security = LdapSecurity::kPlain;
  auto errors = validateDirectorySettings(s);
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"ldap.host", "ldap.security", "ldap.baseDn"}));
  s.ldap = {};
  s.ldap.enabled = true;
  s.ldap.host = "dc.example";
  s.ldap.base_dn = "dc=example";
  EXPECT_EQ(validateDirectorySettings(s).front().field, "ldap.caFile");
  s.ldap.ca_file = "/etc/ca.pem";
  s.ldap.bind_dn_template = "uid=x,dc=example";
  EXPECT_EQ(validateDirectorySettings(s).front().field, "ldap.bindDnTemplate");
  s.ldap.bind_dn_template.clear();
  s.role_mappings = {{{"ok"}, Role::kUser, {}}, {{""}, Role::kUser, {}}};
  EXPECT_EQ(validateDirectorySettings(s).front().field, "roleMappings[1].groups");
  s.role_mappings.pop_back();
  s.kerberos.enabled = true;
  s.kerberos.keytab = "/etc/http.keytab";
  s.kerberos.service_principal = "HTTP";
  EXPECT_EQ(validateDirectorySettings(s).front().field, "kerberos.servicePrincipal");
  s.kerberos.service_principal = "HTTP/printwarden.example@EXAMPLE";
  EXPECT_TRUE(validateDirectorySettings(s).empty());
}

TEST(DirectoryTest, EscapesFilterAndDnValues) {
  EXPECT_EQ(escapeLdapFilterValue("a*(b)\\c"), "a\\2a\\28b\\29\\5cc");
  EXPECT_EQ(escapeLdapFilterValue(std::string("x\0y", 3)), "x\\00y");
  EXPECT_EQ(escapeLdapDnValue("Doe, John"), "Doe\\, John");
  EXPECT_EQ(escapeLdapDnValue(" #a=b+c "), "\\ #a\\=b\\+c\\ ");
  EXPECT_EQ(escapeLdapDnValue("#x"), "\\#x");
}

}  // namespace
}  // namespace pw::manager
