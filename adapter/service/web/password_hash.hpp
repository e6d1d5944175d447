#pragma once
// Reviewer passwords are stored as salted PBKDF2-HMAC-SHA256 hashes in one self-describing text
// form, "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>" (`sarcoma-adapter hash-password`
// writes them). Verification recomputes with the stored salt and iterations and compares in
// constant time; the plain password is never kept or logged.
#include <optional>
#include <string>
#include <string_view>

namespace sarcoma::service::web {

inline constexpr int kDefaultPbkdf2Iterations = 600000;  // OWASP 2023 for PBKDF2-HMAC-SHA256

// A fresh random salt (16 bytes from the OpenSSL CSPRNG); nullopt when the generator fails.
std::optional<std::string> hash_password(std::string_view password, int iterations = kDefaultPbkdf2Iterations);
// The same with a given salt (raw bytes): deterministic, for tests.
std::string hash_password_with_salt(std::string_view password, std::string_view salt, int iterations);

// False for a wrong password and for a malformed or unsupported stored hash.
bool verify_password(std::string_view password, std::string_view stored);

// True when `stored` is a well-formed hash this build can verify (checked when the users load).
bool is_valid_password_hash(std::string_view stored);

}  // namespace sarcoma::service::web
