// SHA-1 and UUID v5 against published vectors (FIPS 180 examples; RFC 4122 / Python's uuid5).
#include "adapter/core/derive/uuid5.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

namespace sarcoma::core {
namespace {

std::string hex(const Sha1Digest& d) {
  static const char* const k = "0123456789abcdef";
  std::string s;
  for (auto b : d) {
    s += k[b >> 4];
    s += k[b & 15];
  }
  return s;
}

TEST(Sha1, FipsVectors) {
  EXPECT_EQ(hex(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Sha1, EveryPaddingLengthAroundTheBlockEdge) {
  // 55/56/63/64/65 bytes take the one-block and the two-block padding paths; compare against
  // values computed with Python's hashlib.
  EXPECT_EQ(hex(sha1(std::string(55, 'x'))), "cef734ba81a024479e09eb5a75b6ddae62e6abf1");
  EXPECT_EQ(hex(sha1(std::string(56, 'x'))), "901305367c259952f4e7af8323f480d59f81335b");
  EXPECT_EQ(hex(sha1(std::string(64, 'x'))), "bb2fa3ee7afb9f54c6dfb5d021f14b1ffe40c163");
}

// sha1() uses the processor's SHA extensions where there are any; the portable rounds must give
// the same digests (both are also held to the published vectors above and below).
TEST(Sha1, PortableAndProcessorExtensionsAgree) {
  EXPECT_EQ(hex(detail::sha1_portable("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(detail::sha1_portable(std::string(1000000, 'a'))),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  std::mt19937 rng(5);
  for (std::size_t length = 0; length < 300; ++length) {
    std::string data;
    for (std::size_t i = 0; i < length; ++i) data.push_back(static_cast<char>(rng()));
    ASSERT_EQ(hex(sha1(data)), hex(detail::sha1_portable(data))) << "length " << length;
  }
  std::printf("sha1 here uses the processor's SHA extensions: %s\n",
              detail::sha1_uses_cpu_extensions() ? "yes" : "no");
}

TEST(Uuid5, PythonDnsNamespaceVector) {
  // uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
  EXPECT_EQ(uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

TEST(Uuid5, DeterministicVersionAndVariant) {
  std::string a = uuid_v5("5d3c1f0e-8a57-4b8e-9a2d-6c1b0f4e7a93", "identifier|sys|1#fnclcc-grade");
  EXPECT_EQ(a, uuid_v5("5d3c1f0e-8a57-4b8e-9a2d-6c1b0f4e7a93", "identifier|sys|1#fnclcc-grade"));
  EXPECT_NE(a, uuid_v5("5d3c1f0e-8a57-4b8e-9a2d-6c1b0f4e7a93", "identifier|sys|1#ajcc8-t"));
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '5');
  EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
}

TEST(Uuid5, MalformedNamespaceGivesEmpty) {
  EXPECT_EQ(uuid_v5("not-a-uuid", "x"), "");
  EXPECT_EQ(uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430cg", "x"), "");
  EXPECT_EQ(uuid_v5("6ba7b8109dad-11d1-80b4-00c04fd430c8-", "x"), "");
}

}  // namespace
}  // namespace sarcoma::core
