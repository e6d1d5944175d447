// Bad input never throws or stalls: random bytes, huge repetitive text, pathological markup. The
// scanner is linear by construction; these tests only check that it finishes and stays sane (no
// timing here - speed is measured in bench/extract_bench.cpp).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "adapter/core/extract/html_text.hpp"
#include "tests/core/extract/support.hpp"

namespace sarcoma::core::test {
namespace {

std::string random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

TEST(Robustness, FiveMegabytesOfRandomBytes) {
  auto text = random_bytes(5u << 20, 42);
  EXPECT_NO_THROW({
    auto n = scan(text);
    (void)n;
  });
  EXPECT_NO_THROW((void)extraction::html_to_text(text));
}

TEST(Robustness, RandomPrintableText) {
  std::mt19937 rng(7);
  const std::string alphabet = "0123456789 x.,;:/%<>()-+cmhpfTNMpyGIVab\n";
  std::string s(1u << 20, ' ');
  for (auto& c : s) c = alphabet[rng() % alphabet.size()];
  EXPECT_NO_THROW((void)scan(s));
}

TEST(Robustness, DeeplyRepetitiveText) {
  std::string xs;
  for (int i = 0; i < 500000; ++i) xs += "x ";
  EXPECT_NO_THROW((void)scan(xs));
  std::string chain;
  for (int i = 0; i < 200000; ++i) chain += "1 x ";
  auto n = scan(chain);  // a dimension chain without a unit: no size, and no quadratic rescans
  for (const auto& t : n.tumours) EXPECT_TRUE(t.size.empty());
  std::string sized = chain + "2 cm tumour";
  EXPECT_NO_THROW((void)scan(sized));
  std::string words;
  for (int i = 0; i < 100000; ++i) words += "necrosis grade stage nodes pT2 mitoses 12/10 HPF ";
  auto w = scan(words);
  ASSERT_EQ(w.tumours.size(), 1u);
  EXPECT_GT(w.tumours[0].stated_t.size(), 1000u);
}

TEST(Robustness, PathologicalMarkup) {
  std::string tags;
  for (int i = 0; i < 200000; ++i) tags += "<a ";
  EXPECT_NO_THROW((void)extraction::html_to_text(tags));
  std::string quotes;
  for (int i = 0; i < 200000; ++i) quotes += "<b title=\"";
  EXPECT_NO_THROW((void)extraction::html_to_text(quotes));
  std::string entities;
  for (int i = 0; i < 200000; ++i) entities += "&#99999999999;&amp";
  EXPECT_NO_THROW((void)extraction::html_to_text(entities));
  std::string scripts;
  for (int i = 0; i < 100000; ++i) scripts += "<script></scrip";
  EXPECT_NO_THROW((void)extraction::html_to_text(scripts));
}

TEST(Robustness, EmptyAndTinyInputs) {
  EXPECT_TRUE(scan("").tumours.empty());
  EXPECT_TRUE(scan("\n\n\r\n").tumours.empty());
  EXPECT_NO_THROW((void)scan(":"));
  EXPECT_NO_THROW((void)scan("pT"));
  EXPECT_NO_THROW((void)scan("A."));
  EXPECT_NO_THROW((void)scan("Specimen"));
  EXPECT_NO_THROW((void)scan("grade"));
  EXPECT_NO_THROW((void)scan("stage 9999999999999999999"));
  EXPECT_NO_THROW((void)scan("1/"));
  EXPECT_NO_THROW((void)scan(std::string("\0\0\xff", 3)));
  EXPECT_NO_THROW((void)scan("Tumor size: 99999999999999999999999999999999999999999999 cm"));
}

}  // namespace
}  // namespace sarcoma::core::test
