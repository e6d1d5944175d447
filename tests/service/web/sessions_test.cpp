#include "adapter/service/web/sessions.hpp"

#include <gtest/gtest.h>

#include <set>

namespace sarcoma::service::web {
namespace {

TEST(Sessions, CreateFindAndRemove) {
  SessionStore s(1000, 10);
  std::string id = s.create("akumar", "Dr A. Kumar", 0);
  ASSERT_EQ(id.size(), 64u);
  auto found = s.find(id, 10);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->username, "akumar");
  EXPECT_EQ(found->display, "Dr A. Kumar");
  EXPECT_EQ(found->csrf_token.size(), 64u);
  EXPECT_NE(found->csrf_token, id);
  s.remove(id);
  EXPECT_FALSE(s.find(id, 20).has_value());
}

TEST(Sessions, ExpireAfterTheIdlePeriodAndEachUseRestartsIt) {
  SessionStore s(1000, 10);
  std::string id = s.create("u", "U", 0);
  EXPECT_TRUE(s.find(id, 999).has_value());   // used at 999: now valid until 1999
  EXPECT_TRUE(s.find(id, 1998).has_value());  // and until 2998
  EXPECT_FALSE(s.find(id, 2998).has_value());
  EXPECT_FALSE(s.find(id, 2999).has_value());  // gone for good
}

TEST(Sessions, UnknownOrMalformedIdsFindNothing) {
  SessionStore s(1000, 10);
  s.create("u", "U", 0);
  EXPECT_FALSE(s.find("", 1).has_value());
  EXPECT_FALSE(s.find(std::string(64, 'a'), 1).has_value());
  EXPECT_FALSE(s.find("short", 1).has_value());
}

TEST(Sessions, BoundedInNumberOldestGoesFirst) {
  SessionStore s(100000, 3);
  std::string first = s.create("a", "A", 0);
  std::string second = s.create("b", "B", 1);
  std::string third = s.create("c", "C", 2);
  std::string fourth = s.create("d", "D", 3);
  EXPECT_EQ(s.size(), 3u);
  EXPECT_FALSE(s.find(first, 4).has_value());
  EXPECT_TRUE(s.find(second, 4).has_value());
  EXPECT_TRUE(s.find(fourth, 4).has_value());
  (void)third;
}

TEST(Sessions, TokensAreRandomAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string t = random_token();
    ASSERT_EQ(t.size(), 64u);
    EXPECT_TRUE(seen.insert(t).second);
  }
}

TEST(Sessions, SameTokenComparesWholeValues) {
  EXPECT_TRUE(same_token("abc", "abc"));
  EXPECT_FALSE(same_token("abc", "abd"));
  EXPECT_FALSE(same_token("abc", "abcd"));
  EXPECT_FALSE(same_token("", ""));  // an empty token never matches
}

TEST(LoginThrottleTest, LocksAUsernameAfterRepeatedFailuresUntilTheLockoutPasses) {
  LoginThrottle t(3, 60000);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(t.allowed("u", i));
    t.failed("u", i);
  }
  EXPECT_FALSE(t.allowed("u", 10));
  EXPECT_TRUE(t.allowed("other", 10));  // per username
  EXPECT_FALSE(t.allowed("u", 2 + 59999));
  EXPECT_TRUE(t.allowed("u", 2 + 60000));
}

TEST(LoginThrottleTest, SuccessClearsTheFailures) {
  LoginThrottle t(2, 60000);
  t.failed("u", 0);
  t.succeeded("u");
  t.failed("u", 1);
  EXPECT_TRUE(t.allowed("u", 2));
}

}  // namespace
}  // namespace sarcoma::service::web
