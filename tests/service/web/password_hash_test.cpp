#include "adapter/service/web/password_hash.hpp"

#include <gtest/gtest.h>

namespace sarcoma::service::web {
namespace {

// RFC 7914 section 11, PBKDF2-HMAC-SHA256 (P="Password", S="NaCl", c=80000): the first 32 bytes of
// the published DK 4d dc d8 f6 0b 98 be 21 ..., base64-encoded.
TEST(PasswordHash, MatchesThePublishedPbkdf2Sha256Vector) {
  EXPECT_EQ(hash_password_with_salt("Password", "NaCl", 80000),
            "pbkdf2-sha256$80000$TmFDbA==$TdzY9guYviGDDO5e8icB+WQaRBjQTAQUrv8Ih2s0q1Y=");
}

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  auto stored = hash_password("correct horse battery", 1000);
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(is_valid_password_hash(*stored));
  EXPECT_TRUE(verify_password("correct horse battery", *stored));
  EXPECT_FALSE(verify_password("correct horse batterY", *stored));
  EXPECT_FALSE(verify_password("", *stored));
}

TEST(PasswordHash, SaltsDifferSoEqualPasswordsHashDifferently) {
  auto a = hash_password("same password", 1000), b = hash_password("same password", 1000);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(verify_password("same password", *a));
  EXPECT_TRUE(verify_password("same password", *b));
}

TEST(PasswordHash, MalformedOrWeakStoredHashesNeverVerify) {
  std::string good = hash_password_with_salt("pw", "12345678", 1000);
  ASSERT_TRUE(verify_password("pw", good));
  for (const std::string& bad : {std::string(""), std::string("pw"), std::string("md5$1000$MTIzNDU2Nzg=$AAAA"),
                                hash_password_with_salt("pw", "12345678", 999),        // too few iterations
                                hash_password_with_salt("pw", "1234567", 1000),        // salt too short
                                good.substr(0, good.size() - 4),                       // truncated hash
                                good + "$extra", "pbkdf2-sha256$abc$MTIzNDU2Nzg=$" + good.substr(good.rfind('$') + 1),
                                "pbkdf2-sha256$99999999999$MTIzNDU2Nzg=$" + good.substr(good.rfind('$') + 1)}) {
    EXPECT_FALSE(is_valid_password_hash(bad)) << bad;
    EXPECT_FALSE(verify_password("pw", bad)) << bad;
  }
}

}  // namespace
}  // namespace sarcoma::service::web
