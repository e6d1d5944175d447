#include "adapter/core/derive/uuid5.hpp"

#include <optional>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

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

#if defined(__x86_64__)
// The same block with the x86 SHA extensions (SHA-NI: four rounds per instruction), chosen at run
// time where the processor has them (checked once with cpuid). Twenty groups of four rounds; the
// message schedule runs two to three groups ahead in four rotating registers.
__attribute__((target("sha,sse4.1,ssse3"))) void sha1_block_shani(std::array<std::uint32_t, 5>& h,
                                                                  const std::uint8_t* block) {
  const __m128i byte_swap = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h.data())), 0x1B);
  __m128i e[2] = {_mm_set_epi32(static_cast<int>(h[4]), 0, 0, 0), _mm_setzero_si128()};
  const __m128i abcd_save = abcd, e_save = e[0];
  __m128i msg[4];
  for (int i = 0; i < 4; ++i) {
    msg[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * i)), byte_swap);
  }
  for (int g = 0; g < 20; ++g) {
    __m128i& cur = e[g & 1];
    __m128i& other = e[(g + 1) & 1];
    cur = g == 0 ? _mm_add_epi32(cur, msg[0]) : _mm_sha1nexte_epu32(cur, msg[g & 3]);
    other = abcd;
    switch (g / 5) {  // the round function and constant change every 20 rounds (an immediate)
      case 0: abcd = _mm_sha1rnds4_epu32(abcd, cur, 0); break;
      case 1: abcd = _mm_sha1rnds4_epu32(abcd, cur, 1); break;
      case 2: abcd = _mm_sha1rnds4_epu32(abcd, cur, 2); break;
      default: abcd = _mm_sha1rnds4_epu32(abcd, cur, 3); break;
    }
    if (g >= 3 && g <= 18) msg[(g + 1) & 3] = _mm_sha1msg2_epu32(msg[(g + 1) & 3], msg[g & 3]);
    if (g >= 1 && g <= 16) msg[(g + 3) & 3] = _mm_sha1msg1_epu32(msg[(g + 3) & 3], msg[g & 3]);
    if (g >= 2 && g <= 17) msg[(g + 2) & 3] = _mm_xor_si128(msg[(g + 2) & 3], msg[g & 3]);
  }
  e[0] = _mm_sha1nexte_epu32(e[0], e_save);
  abcd = _mm_shuffle_epi32(_mm_add_epi32(abcd, abcd_save), 0x1B);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(h.data()), abcd);
  h[4] = static_cast<std::uint32_t>(_mm_extract_epi32(e[0], 3));
}

bool cpu_has_sha_extensions() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
  const bool ssse3 = (c & (1u << 9)) != 0, sse41 = (c & (1u << 19)) != 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
  return ssse3 && sse41 && (b & (1u << 29)) != 0;
}
#endif

using BlockFunction = void (*)(std::array<std::uint32_t, 5>&, const std::uint8_t*);

BlockFunction fastest_block_function() {
#if defined(__x86_64__)
  static const BlockFunction chosen = cpu_has_sha_extensions() ? sha1_block_shani : sha1_block;
  return chosen;
#else
  return sha1_block;
#endif
}

Sha1Digest sha1_with(std::string_view data, BlockFunction block_function);

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
  return sha1_with(data, fastest_block_function());
}

namespace detail {
Sha1Digest sha1_portable(std::string_view data) {
  return sha1_with(data, sha1_block);
}
bool sha1_uses_cpu_extensions() {
  return fastest_block_function() != sha1_block;
}
}  // namespace detail

namespace {

Sha1Digest sha1_with(std::string_view data, BlockFunction block_function) {
  std::array<std::uint32_t, 5> h = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t full = data.size() / 64;
  for (std::size_t i = 0; i < full; ++i) block_function(h, p + 64 * i);
  // Padding: 0x80, zeros, then the message length in bits (big-endian), to a multiple of 64 bytes.
  std::uint8_t tail[128] = {};
  std::size_t rest = data.size() - 64 * full;
  for (std::size_t i = 0; i < rest; ++i) tail[i] = p[64 * full + i];
  tail[rest] = 0x80;
  std::size_t tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
  std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i)
    tail[tail_len - 1 - static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(bits >> (8 * i));
  block_function(h, tail);
  if (tail_len == 128) block_function(h, tail + 64);
  Sha1Digest out{};
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 4; ++j)
      out[static_cast<std::size_t>(4 * i + j)] =
          static_cast<std::uint8_t>(h[static_cast<std::size_t>(i)] >> (24 - 8 * j));
  }
  return out;
}

}  // namespace

std::string uuid_v5(std::string_view namespace_uuid, std::string_view name) {
  auto ns = parse_uuid(namespace_uuid);
  if (!ns) return {};
  std::string input;
  input.reserve(ns->size() + name.size());
  input.append(reinterpret_cast<const char*>(ns->data()), ns->size());
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
