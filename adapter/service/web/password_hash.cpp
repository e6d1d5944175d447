#include "adapter/service/web/password_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <vector>

#include "fhir/base64.hpp"

namespace sarcoma::service::web {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr std::size_t kHashBytes = 32;
constexpr int kMinIterations = 1000;
constexpr int kMaxIterations = 10000000;  // bounds the work one login attempt can cost

struct Parsed {
  int iterations = 0;
  std::string salt;
  std::string hash;
};

std::optional<Parsed> parse(std::string_view stored) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (parts.size() < 5) {
    std::size_t end = stored.find('$', pos);
    parts.push_back(stored.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  if (parts.size() != 4 || parts[0] != kScheme) return std::nullopt;
  Parsed p;
  auto [end, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), p.iterations);
  if (ec != std::errc() || end != parts[1].data() + parts[1].size()) return std::nullopt;
  if (p.iterations < kMinIterations || p.iterations > kMaxIterations) return std::nullopt;
  auto salt = fhir::base64_decode(parts[2]);
  auto hash = fhir::base64_decode(parts[3]);
  if (!salt || !hash || salt->size() < 8 || hash->size() != kHashBytes) return std::nullopt;
  p.salt = std::move(*salt);
  p.hash = std::move(*hash);
  return p;
}

std::string derive(std::string_view password, std::string_view salt, int iterations) {
  std::string out(kHashBytes, '\0');
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                    EVP_sha256(), static_cast<int>(out.size()), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

}  // namespace

std::string hash_password_with_salt(std::string_view password, std::string_view salt, int iterations) {
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + fhir::base64_encode(salt) + "$" +
         fhir::base64_encode(derive(password, salt, iterations));
}

std::optional<std::string> hash_password(std::string_view password, int iterations) {
  unsigned char salt[16];
  if (RAND_bytes(salt, sizeof salt) != 1) return std::nullopt;
  return hash_password_with_salt(password, std::string_view(reinterpret_cast<const char*>(salt), sizeof salt),
                                 iterations);
}

bool verify_password(std::string_view password, std::string_view stored) {
  auto p = parse(stored);
  if (!p) return false;
  std::string computed = derive(password, p->salt, p->iterations);
  return CRYPTO_memcmp(computed.data(), p->hash.data(), kHashBytes) == 0;
}

bool is_valid_password_hash(std::string_view stored) { return parse(stored).has_value(); }

}  // namespace sarcoma::service::web
