#include "adapter/core/derive/uuid5.hpp"

#include <optional>

namespace sarcoma::core {
namespace {

std::uint32_t rotl(std::uint32_t x, int n) {
  return (x << n) | (x >> (32 - n));
}

// One 64-byte block. The four 20-round phases are separate loops so no round branches on its
// index (seven identifiers per report made the branchy single loop a tenth of `derive`).
template <class F>
void sha1_phase(std::uint32_t (&w)[80], int from, std::uint32_t k, F f, std::uint32_t& a, std::uint32_t& b,
                std::uint32_t& c, std::uint32_t& d, std::uint32_t& e) {
  for (int i = from; i < from + 20; ++i) {
    std::uint32_t temp = rotl(a, 5) + f(b, c, d) + e + k + w[i];
    e = d;
    d = c;
    c = rotl(b, 30);
    b = a;
    a = temp;
  }
}

void sha1_block(std::array<std::uint32_t, 5>& h, const std::uint8_t* block) {
  std::uint32_t w[80];
  for (int i = 0; i < 16; ++i) {
    w[i] = (std::uint32_t(block[4 * i]) << 24) | (std::uint32_t(block[4 * i + 1]) << 16) |
           (std::uint32_t(block[4 * i + 2]) << 8) | std::uint32_t(block[4 * i + 3]);
  }
  for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  auto choose = [](std::uint32_t x, std::uint32_t y, std::uint32_t z) { return (x & y) | (~x & z); };
  auto parity = [](std::uint32_t x, std::uint32_t y, std::uint32_t z) { return x ^ y ^ z; };
  auto majority = [](std::uint32_t x, std::uint32_t y, std::uint32_t z) {
    return (x & y) | (x & z) | (y & z);
  };
  sha1_phase(w, 0, 0x5A827999, choose, a, b, c, d, e);
  sha1_phase(w, 20, 0x6ED9EBA1, parity, a, b, c, d, e);
  sha1_phase(w, 40, 0x8F1BBCDC, majority, a, b, c, d, e);
  sha1_phase(w, 60, 0xCA62C1D6, parity, a, b, c, d, e);
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

std::optional<std::array<std::uint8_t, 16>> parse_uuid(std::string_view s) {
  std::array<std::uint8_t, 16> out{};
  if (s.size() != 36) return std::nullopt;
  int n = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int hi = hex(s[i]), lo = hex(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[static_cast<std::size_t>(n++)] = static_cast<std::uint8_t>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace

Sha1Digest sha1(std::string_view data) {
  std::array<std::uint32_t, 5> h = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t full = data.size() / 64;
  for (std::size_t i = 0; i < full; ++i) sha1_block(h, p + 64 * i);
  // Padding: 0x80, zeros, then the message length in bits (big-endian), to a multiple of 64 bytes.
  std::uint8_t tail[128] = {};
  std::size_t rest = data.size() - 64 * full;
  for (std::size_t i = 0; i < rest; ++i) tail[i] = p[64 * full + i];
  tail[rest] = 0x80;
  std::size_t tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
  std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i)
    tail[tail_len - 1 - static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(bits >> (8 * i));
  sha1_block(h, tail);
  if (tail_len == 128) sha1_block(h, tail + 64);
  Sha1Digest out{};
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 4; ++j)
      out[static_cast<std::size_t>(4 * i + j)] =
          static_cast<std::uint8_t>(h[static_cast<std::size_t>(i)] >> (24 - 8 * j));
  }
  return out;
}

std::string uuid_v5(std::string_view namespace_uuid, std::string_view name) {
  auto ns = parse_uuid(namespace_uuid);
  if (!ns) return {};
  std::string input(reinterpret_cast<const char*>(ns->data()), ns->size());
  input.append(name);
  Sha1Digest d = sha1(input);
  d[6] = static_cast<std::uint8_t>((d[6] & 0x0F) | 0x50);  // version 5
  d[8] = static_cast<std::uint8_t>((d[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static const char* const kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[d[i] >> 4];
    out += kHex[d[i] & 0x0F];
  }
  return out;
}

}  // namespace sarcoma::core
