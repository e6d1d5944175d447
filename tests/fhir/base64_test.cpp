// base64Binary: the validator the readers run on every attachment and the decoder extraction runs
// on narrative text accept exactly the texts RFC 4648 with R4's whitespace allows. Both have fast
// paths over runs of alphabet characters, so the texts mix runs of every length with whitespace,
// padding and bytes outside the alphabet, and are held to a plain reference.
#include "fhir/base64.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace sarcoma::fhir {
namespace {

// The rule written the plain way: drop whitespace; what is left is whole groups of four alphabet
// characters, except that the last group may end in "=" or "==".
bool reference_valid(std::string_view text) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') s.push_back(c);
  }
  if (s.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool last_group = i + 4 >= s.size();
    bool in_alphabet = alphabet.find(s[i]) != std::string::npos;
    if (in_alphabet) continue;
    if (s[i] != '=' || !last_group) return false;
    std::size_t at = i % 4;  // '=' only at positions 2 and 3, and "=" at 2 needs "=" at 3
    if (at < 2 || (at == 2 && s[i + 1] != '=')) return false;
  }
  return true;
}

TEST(Base64, RoundTripAndValidation) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode(" Zm9v\r\nYmFy \n"), "foobar");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
  EXPECT_TRUE(base64_valid(base64_encode(bytes)));
  for (const char* good : {"", "Zg==", "Zm8=", "Zm9v", " Zm9v\r\nYmFy \n", "Zg== "}) {
    EXPECT_TRUE(base64_valid(good)) << good;
  }
  for (const char* bad :
       {"Zg", "Zg=", "Z===", "Zm9v!", "Zg==Zg==", "Zm=v", "====", "Zm9vY", "Zg=a", "Zg==="}) {
    EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
    EXPECT_FALSE(base64_valid(bad)) << bad;
  }
}

// The decoder's whole-group fast path against the validator and the encoder: random strings over
// the alphabet, '=' and whitespace decode exactly when they are valid, and encoded random bytes
// with line breaks anywhere decode back to the bytes.
TEST(Base64, DecoderAgreesWithValidatorAndEncoder) {
  std::mt19937 rng(7);
  const std::string symbols = "QUJD+/z9= \r\n";
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (std::size_t n = rng() % 14; n > 0; --n) text += symbols[rng() % symbols.size()];
    EXPECT_EQ(base64_decode(text).has_value(), base64_valid(text)) << text;
  }
  for (int round = 0; round < 500; ++round) {
    std::string bytes;
    for (std::size_t n = rng() % 200; n > 0; --n) bytes.push_back(static_cast<char>(rng()));
    std::string text = base64_encode(bytes);
    for (int k = static_cast<int>(rng() % 4); k > 0; --k) text.insert(rng() % (text.size() + 1), "\r\n");
    EXPECT_EQ(base64_decode(text), bytes) << text;
  }
}

TEST(Base64, ValidatorAndDecoderAgreeWithTheReference) {
  std::mt19937 rng(20261207);
  const std::string pieces = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    std::size_t n = rng() % 40;
    for (std::size_t k = 0; k < n; ++k) {
      unsigned r = rng() % 100;
      if (r < 85) {
        text.push_back(pieces[rng() % pieces.size()]);
      } else if (r < 91) {
        text.push_back('=');
      } else if (r < 96) {
        text.push_back(" \n\t\r"[rng() % 4]);
      } else {
        text.push_back("!-_.\x80\xff"[rng() % 6]);
      }
    }
    if (round % 2 == 0) {  // half of them made mostly valid: whole groups, padding at the end
      std::string bytes(rng() % 30, 'x');
      for (auto& b : bytes) b = static_cast<char>(rng() & 0xFF);
      text = base64_encode(bytes);
      if (!text.empty() && rng() % 3 == 0) text.insert(rng() % text.size(), 1, "\n=!A"[rng() % 4]);
    }
    bool expected = reference_valid(text);
    ASSERT_EQ(base64_valid(text), expected) << text;
    ASSERT_EQ(base64_decode(text).has_value(), expected) << text;
  }
}

}  // namespace
}  // namespace sarcoma::fhir
