#include "manager/services/auth_service.hpp"

#include <gtest/gtest.h>

#include "manager/storage/sqlite_storage.hpp"
#include "manager/tests/test_dir.hpp"

namespace pw::manager {
namespace {

using namespace std::chrono_literals;

class AuthServiceTest : public ::testing::Test {
 protected:
  testing::TempDir dir;
  SqliteStorage storage{dir.path() / "m.db"};
  FakeClock clock;
  AuthService auth{storage, storage, clock, SessionPolicy{30min}};
};

TEST_F(AuthServiceTest, CreatesTheAdministratorOnceAndEnforcesThePasswordRule) {
  EXPECT_THROW(auth.ensureAdministrator("weak"), std::invalid_argument);
  EXPECT_TRUE(auth.ensureAdministrator("Correct-Horse-9"));
  EXPECT_FALSE(auth.ensureAdministrator("Other-Password-1"));  // first one stays
  const auto admin = storage.findUserByName("administrator");
  ASSERT_TRUE(admin);
  EXPECT_TRUE(admin->builtin);
  EXPECT_EQ(admin->role, Role::kSystemManager);
  EXPECT_EQ(admin->password_hash.find("Correct"), std::string::npos);  // hashed
}

TEST_F(AuthServiceTest, UnknownUserAndWrongPasswordGiveTheSameAnswer) {
  auth.ensureAdministrator("Correct-Horse-9");
  const auto wrong = auth.login("administrator", "nope", false);
  const auto unknown = auth.login("nobody", "Correct-Horse-9", false);
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().code, "invalid_credentials");
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(AuthServiceTest, SessionLivesWhileUsedAndEndsWhenIdle) {
  auth.ensureAdministrator("Correct-Horse-9");
  const auto login = auth.login("administrator", "Correct-Horse-9", false);
  ASSERT_TRUE(login);
  EXPECT_FALSE(login->session.csrf_token.empty());
  EXPECT_NE(login->session.id_hash, login->session_token);  // stored hashed
  clock.advance(20min);
  ASSERT_TRUE(auth.resume(login->session_token));  // activity slides the expiry
  clock.advance(25min);
  ASSERT_TRUE(auth.resume(login->session_token));
  clock.advance(31min);
  EXPECT_FALSE(auth.resume(login->session_token));
  EXPECT_FALSE(auth.resume("forged-token"));
  EXPECT_FALSE(auth.resume(""));
}

TEST_F(AuthServiceTest, RememberedSessionLastsFiveDays) {
  auth.ensureAdministrator("Correct-Horse-9");
  const auto login = auth.login("administrator", "Correct-Horse-9", true);
  ASSERT_TRUE(login);
  clock.advance(std::chrono::hours(24 * 5 - 1));
  EXPECT_TRUE(auth.resume(login->session_token));
  clock.advance(2h);
  EXPECT_FALSE(auth.resume(login->session_token));
}

TEST_F(AuthServiceTest, LogoutEndsTheSession) {
  auth.ensureAdministrator("Correct-Horse-9");
  const auto login = auth.login("administrator", "Correct-Horse-9", false);
  auth.logout(login->session_token);
  EXPECT_FALSE(auth.resume(login->session_token));
}

class LockoutTest : public AuthServiceTest {
 protected:
  AuthService strict{storage, storage, clock, SessionPolicy{30min}, LockoutPolicy{3, 15min}};

  void SetUp() override { strict.ensureAdministrator("Correct-Horse-9"); }
  User admin() { return *storage.findUserByName("administrator"); }
  void fail(int times) {
    for (int i = 0; i < times; ++i) EXPECT_FALSE(strict.login("administrator", "nope", false));
  }
};

TEST_F(LockoutTest, ThresholdFailuresLockEvenTheRightPasswordWithTheSameAnswer) {
  fail(2);
  EXPECT_EQ(admin().failed_logins, 2);
  EXPECT_FALSE(admin().lockedAt(clock.now()));
  fail(1);
  EXPECT_TRUE(admin().lockedAt(clock.now()));

  const auto locked = strict.login("administrator", "Correct-Horse-9", false);
  const auto unknown = strict.login("nobody", "Correct-Horse-9", false);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, "invalid_credentials");
  EXPECT_EQ(locked.error().message, unknown.error().message);

  clock.advance(15min - 1s);
  EXPECT_FALSE(strict.login("administrator", "Correct-Horse-9", false));
  clock.advance(1s);  // the lock has run out
  EXPECT_TRUE(strict.login("administrator", "Correct-Horse-9", false));
  EXPECT_EQ(admin().failed_logins, 0);
  EXPECT_FALSE(admin().locked_until);
}

TEST_F(LockoutTest, ASuccessResetsTheCountAndAnExpiredLockStartsANewOne) {
  fail(2);
  EXPECT_TRUE(strict.login("administrator", "Correct-Horse-9", false));
  fail(2);
  EXPECT_FALSE(admin().lockedAt(clock.now()));  // 2, not 4
  fail(1);
  EXPECT_TRUE(admin().lockedAt(clock.now()));
  clock.advance(16min);
  fail(1);  // after the lock: a fresh count of 1, not locked again
  EXPECT_EQ(admin().failed_logins, 1);
  EXPECT_FALSE(admin().lockedAt(clock.now()));
}

TEST_F(LockoutTest, AnAdministratorUnlocks) {
  fail(3);
  ASSERT_TRUE(admin().lockedAt(clock.now()));
  EXPECT_TRUE(strict.unlock(admin().id));
  EXPECT_FALSE(admin().lockedAt(clock.now()));
  EXPECT_TRUE(strict.login("administrator", "Correct-Horse-9", false));
  EXPECT_FALSE(strict.unlock(9999));
}

}  // namespace
}  // namespace pw::manager
