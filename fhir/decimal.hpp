#pragma once
// FHIR `decimal`: keeps the text it was written with ("5.0" stays "5.0") and compares exactly.
// Staging boundaries (5 cm vs 5.01 cm) must never go through binary floating point.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sarcoma::fhir {

class Decimal {
 public:
  Decimal() : digits_("0"), text_("0") {}

  // Accepts the FHIR/JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  // Returns nullopt for anything else, or for absurd sizes (> 256 digits, |exponent| > 4096).
  static std::optional<Decimal> parse(std::string_view text);
  // Lenient variant for narrative values: also accepts "5." , ".5", "+5" and "5,0" (decimal comma).
  static std::optional<Decimal> parse_lenient(std::string_view text);
  static Decimal from_int(std::int64_t v);

  const std::string& text() const { return text_; }  // as written (or canonical if computed)
  bool negative() const { return negative_ && !is_zero(); }
  bool is_zero() const { return digits_ == "0"; }

  // Exact arithmetic. Results carry a canonical text.
  Decimal operator*(const Decimal& other) const;
  Decimal operator+(const Decimal& other) const;
  Decimal operator-(const Decimal& other) const;
  Decimal negated() const;
  Decimal scaled_by_power_of_ten(int power) const;  // × 10^power
  // k when the value is exactly 10^k (1, 10, 0.1, 1e3 ...), nullopt otherwise.
  std::optional<int> power_of_ten() const;

  double to_double() const;  // for display/metrics only, never for decisions

  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return (a <=> b) == 0; }
  // True when both the value and the written text are the same.
  bool identical(const Decimal& other) const { return text_ == other.text_; }

 private:
  static Decimal make(bool negative, std::string digits, int exponent);
  void canonicalize_text();

  bool negative_ = false;
  std::string digits_;  // coefficient without leading zeros ("0" for zero), trailing zeros stripped
  int exponent_ = 0;    // value = (-1)^negative * digits * 10^exponent
  std::string text_;
};

}  // namespace sarcoma::fhir
