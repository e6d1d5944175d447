#include "mappings/icdo3.hpp"

namespace sarcoma::mappings {
namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> normalize_icdo3_morphology(std::string_view code) {
  code = trim(code);
  if (!code.empty() && (code.front() == 'M' || code.front() == 'm')) code.remove_prefix(1);
  if (!code.empty() && code.front() == '-') code.remove_prefix(1);
  std::string out;
  if (code.size() == 6 && code[4] == '/') {
    out = std::string(code);
  } else if (code.size() == 5) {
    out = std::string(code.substr(0, 4)) + "/" + code[4];
  } else {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i != 4 && !digit(out[i])) return std::nullopt;
  }
  return out;
}

std::optional<std::string> normalize_icdo3_topography(std::string_view code) {
  code = trim(code);
  if (code.size() < 3 || (code[0] != 'C' && code[0] != 'c') || !digit(code[1]) || !digit(code[2]))
    return std::nullopt;
  std::string out = "C";
  out += code.substr(1, 2);
  code.remove_prefix(3);
  if (code.empty()) return out;
  if (code.front() == '.') code.remove_prefix(1);
  if (code.size() != 1 || !digit(code[0])) return std::nullopt;
  out += '.';
  out += code[0];
  return out;
}

}  // namespace sarcoma::mappings
