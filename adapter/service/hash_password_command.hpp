#pragma once
#include <string_view>
#include <vector>

namespace sarcoma::service {

// `sarcoma-adapter hash-password [--iterations N]`: reads a password from the first line of stdin
// and prints its salted PBKDF2-SHA256 hash for review.users_file (the password is never echoed).
int run_hash_password(const std::vector<std::string_view>& args);

}  // namespace sarcoma::service
