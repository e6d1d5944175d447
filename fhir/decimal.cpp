#include "fhir/decimal.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace sarcoma::fhir {
namespace {

constexpr std::size_t kMaxDigits = 256;
constexpr int kMaxExponent = 4096;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Strict FHIR/JSON grammar. Fills sign, digit string (integer+fraction) and exponent.
bool scan(std::string_view s, bool& neg, std::string& digits, int& exponent, bool lenient) {
  std::size_t i = 0;
  neg = false;
  if (i < s.size() && (s[i] == '-' || (lenient && s[i] == '+'))) {
    neg = s[i] == '-';
    ++i;
  }
  std::size_t int_begin = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  std::string_view int_part = s.substr(int_begin, i - int_begin);
  if (!lenient) {
    if (int_part.empty()) return false;
    if (int_part.size() > 1 && int_part[0] == '0') return false;
  }
  std::string_view frac_part;
  if (i < s.size() && (s[i] == '.' || (lenient && s[i] == ','))) {
    ++i;
    std::size_t fb = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    frac_part = s.substr(fb, i - fb);
    if (!lenient && frac_part.empty()) return false;
  }
  if (int_part.empty() && frac_part.empty()) return false;
  long exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      eneg = s[i] == '-';
      ++i;
    }
    std::size_t eb = i;
    while (i < s.size() && is_digit(s[i])) {
      exp = exp * 10 + (s[i] - '0');
      if (exp > kMaxExponent) return false;
      ++i;
    }
    if (i == eb) return false;
    if (eneg) exp = -exp;
  }
  if (i != s.size()) return false;
  if (int_part.size() + frac_part.size() > kMaxDigits) return false;
  digits.assign(int_part);
  digits.append(frac_part);
  exponent = static_cast<int>(exp) - static_cast<int>(frac_part.size());
  return true;
}

// Compare two non-negative magnitudes given as canonical digits/exponent pairs.
int compare_magnitude(const std::string& da, int ea, const std::string& db, int eb) {
  bool za = da == "0", zb = db == "0";
  if (za || zb) return za == zb ? 0 : (za ? -1 : 1);
  // Position of the most significant digit.
  long ma = static_cast<long>(da.size()) + ea, mb = static_cast<long>(db.size()) + eb;
  if (ma != mb) return ma < mb ? -1 : 1;
  std::size_t n = std::max(da.size(), db.size());
  for (std::size_t k = 0; k < n; ++k) {
    char ca = k < da.size() ? da[k] : '0';
    char cb = k < db.size() ? db[k] : '0';
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

// Little helpers on unsigned digit strings (most significant first).
std::string add_digits(const std::string& a, const std::string& b) {
  std::string r;
  int carry = 0;
  auto ia = a.rbegin(), ib = b.rbegin();
  while (ia != a.rend() || ib != b.rend() || carry) {
    int s = carry + (ia != a.rend() ? *ia++ - '0' : 0) + (ib != b.rend() ? *ib++ - '0' : 0);
    r.push_back(static_cast<char>('0' + s % 10));
    carry = s / 10;
  }
  std::reverse(r.begin(), r.end());
  return r;
}
// a >= b required.
std::string sub_digits(const std::string& a, const std::string& b) {
  std::string r;
  int borrow = 0;
  auto ia = a.rbegin(), ib = b.rbegin();
  while (ia != a.rend()) {
    int s = (*ia++ - '0') - borrow - (ib != b.rend() ? *ib++ - '0' : 0);
    borrow = s < 0;
    if (s < 0) s += 10;
    r.push_back(static_cast<char>('0' + s));
  }
  std::reverse(r.begin(), r.end());
  return r;
}

}  // namespace

Decimal Decimal::make(bool negative, std::string digits, int exponent) {
  Decimal d;
  std::size_t nz = digits.find_first_not_of('0');
  if (nz == std::string::npos) {
    digits = "0";
    exponent = 0;
    negative = false;
  } else {
    digits.erase(0, nz);
    while (digits.size() > 1 && digits.back() == '0') {
      digits.pop_back();
      ++exponent;
    }
  }
  d.negative_ = negative;
  d.digits_ = std::move(digits);
  d.exponent_ = exponent;
  return d;
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  bool neg;
  std::string digits;
  int exp;
  if (!scan(text, neg, digits, exp, false)) return std::nullopt;
  Decimal d = make(neg, std::move(digits), exp);
  d.text_.assign(text);
  return d;
}

std::optional<Decimal> Decimal::parse_lenient(std::string_view text) {
  bool neg;
  std::string digits;
  int exp;
  if (!scan(text, neg, digits, exp, true)) return std::nullopt;
  Decimal d = make(neg, std::move(digits), exp);
  // Keep the author's precision where it can be expressed ("5,0" -> "5.0"), else the canonical text.
  std::string t(text);
  std::replace(t.begin(), t.end(), ',', '.');
  if (!t.empty() && t[0] == '+') t.erase(0, 1);
  if (!t.empty() && t[0] == '.') t = "0" + t;
  if (!t.empty() && t.back() == '.') t.pop_back();
  bool strict_neg;
  std::string strict_digits;
  int strict_exp;
  if (scan(t, strict_neg, strict_digits, strict_exp, false)) {
    d.text_ = std::move(t);
  } else {
    d.canonicalize_text();
  }
  return d;
}

Decimal Decimal::from_int(std::int64_t v) {
  bool neg = v < 0;
  std::uint64_t mag = neg ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  Decimal d = make(neg, std::to_string(mag), 0);
  d.canonicalize_text();
  return d;
}

void Decimal::canonicalize_text() {
  std::string t;
  if (negative()) t.push_back('-');
  if (exponent_ >= 0) {
    t += digits_;
    if (!is_zero()) t.append(static_cast<std::size_t>(exponent_), '0');
  } else {
    std::size_t frac = static_cast<std::size_t>(-exponent_);
    if (digits_.size() > frac) {
      t += digits_.substr(0, digits_.size() - frac);
      t.push_back('.');
      t += digits_.substr(digits_.size() - frac);
    } else {
      t += "0.";
      t.append(frac - digits_.size(), '0');
      t += digits_;
    }
  }
  text_ = std::move(t);
}

Decimal Decimal::operator*(const Decimal& o) const {
  std::vector<int> acc(digits_.size() + o.digits_.size(), 0);
  for (std::size_t i = digits_.size(); i-- > 0;) {
    for (std::size_t j = o.digits_.size(); j-- > 0;) {
      acc[i + j + 1] += (digits_[i] - '0') * (o.digits_[j] - '0');
    }
  }
  for (std::size_t k = acc.size(); k-- > 1;) {
    acc[k - 1] += acc[k] / 10;
    acc[k] %= 10;
  }
  std::string r;
  for (int v : acc) r.push_back(static_cast<char>('0' + v));
  Decimal d = make(negative_ != o.negative_, std::move(r), exponent_ + o.exponent_);
  d.canonicalize_text();
  return d;
}

Decimal Decimal::operator+(const Decimal& o) const {
  // Align exponents, then add or subtract magnitudes.
  int e = std::min(exponent_, o.exponent_);
  std::string a = digits_, b = o.digits_;
  a.append(static_cast<std::size_t>(exponent_ - e), '0');
  b.append(static_cast<std::size_t>(o.exponent_ - e), '0');
  Decimal d;
  if (negative_ == o.negative_) {
    d = make(negative_, add_digits(a, b), e);
  } else {
    int c = compare_magnitude(digits_, exponent_, o.digits_, o.exponent_);
    if (c >= 0) {
      d = make(negative_, sub_digits(a, b), e);
    } else {
      d = make(o.negative_, sub_digits(b, a), e);
    }
  }
  d.canonicalize_text();
  return d;
}

Decimal Decimal::negated() const {
  Decimal d = make(!negative_, digits_, exponent_);
  d.canonicalize_text();
  return d;
}

Decimal Decimal::operator-(const Decimal& o) const {
  return *this + o.negated();
}

Decimal Decimal::scaled_by_power_of_ten(int power) const {
  Decimal d = make(negative_, digits_, exponent_ + power);
  d.canonicalize_text();
  return d;
}

std::optional<int> Decimal::power_of_ten() const {
  // The coefficient is kept without trailing zeros, so 10^k is exactly the digits "1".
  if (negative_ || digits_ != "1") return std::nullopt;
  return exponent_;
}

double Decimal::to_double() const {
  return std::strtod(text_.c_str(), nullptr);
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  bool na = a.negative(), nb = b.negative();
  if (na != nb) return na ? std::strong_ordering::less : std::strong_ordering::greater;
  int c = compare_magnitude(a.digits_, a.exponent_, b.digits_, b.exponent_);
  if (na) c = -c;
  return c < 0   ? std::strong_ordering::less
         : c > 0 ? std::strong_ordering::greater
                 : std::strong_ordering::equal;
}

}  // namespace sarcoma::fhir
