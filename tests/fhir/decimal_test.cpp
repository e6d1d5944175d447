#include "fhir/decimal.hpp"

#include <gtest/gtest.h>

using sarcoma::fhir::Decimal;

namespace {
Decimal d(const char* s) {
  auto v = Decimal::parse(s);
  EXPECT_TRUE(v.has_value()) << s;
  return v.value_or(Decimal());
}
}  // namespace

TEST(Decimal, KeepsOriginalText) {
  EXPECT_EQ(d("5.0").text(), "5.0");
  EXPECT_EQ(d("1.50").text(), "1.50");
  EXPECT_EQ(d("0.000").text(), "0.000");
  EXPECT_EQ(d("1e3").text(), "1e3");
}

TEST(Decimal, ComparesExactly) {
  EXPECT_EQ(d("5.0"), d("5"));
  EXPECT_LT(d("5.0"), d("5.01"));
  EXPECT_GT(d("5.0000000000000000000001"), d("5"));
  EXPECT_LT(d("-1"), d("0"));
  EXPECT_LT(d("-2"), d("-1.5"));
  EXPECT_EQ(d("1e1"), d("10"));
  EXPECT_EQ(d("-0.0"), d("0"));
  EXPECT_FALSE(d("5.0").identical(d("5")));
}

TEST(Decimal, RejectsNonFhirGrammar) {
  for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "1x", "+1", "1,5", " 1", "NaN", "Infinity"}) {
    EXPECT_FALSE(Decimal::parse(bad).has_value()) << bad;
  }
}

TEST(Decimal, LenientAcceptsNarrativeForms) {
  EXPECT_EQ(Decimal::parse_lenient("5,5").value(), d("5.5"));
  EXPECT_EQ(Decimal::parse_lenient("5,5")->text(), "5.5");
  EXPECT_EQ(Decimal::parse_lenient(".5").value(), d("0.5"));
  EXPECT_EQ(Decimal::parse_lenient("5.")->text(), "5");
}

TEST(Decimal, ExactArithmetic) {
  EXPECT_EQ((d("82") * d("0.1")), d("8.2"));
  EXPECT_EQ((d("82") * d("0.1")).text(), "8.2");
  EXPECT_EQ((d("2") * d("2.54")).text(), "5.08");
  EXPECT_EQ((d("0.1") + d("0.2")), d("0.3"));
  EXPECT_EQ((d("0.1") - d("0.2")), d("-0.1"));
  EXPECT_EQ(d("50").scaled_by_power_of_ten(-1), d("5"));
  EXPECT_EQ(Decimal::from_int(-42).text(), "-42");
}

namespace sarcoma::fhir {
namespace {

TEST(Decimal, PowerOfTenIsFoundFromTheValueNotTheText) {
  auto k = [](const char* text) { return Decimal::parse(text)->power_of_ten(); };
  EXPECT_EQ(k("1"), 0);
  EXPECT_EQ(k("10"), 1);
  EXPECT_EQ(k("10.000"), 1);
  EXPECT_EQ(k("1e3"), 3);
  EXPECT_EQ(k("0.01"), -2);
  EXPECT_EQ(k("100e-2"), 0);
  EXPECT_EQ(k("2"), std::nullopt);
  EXPECT_EQ(k("11"), std::nullopt);
  EXPECT_EQ(k("0"), std::nullopt);
  EXPECT_EQ(k("-10"), std::nullopt);
  EXPECT_EQ(k("0.5"), std::nullopt);
}

}  // namespace
}  // namespace sarcoma::fhir
