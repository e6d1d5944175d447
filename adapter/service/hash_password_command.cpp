#include "adapter/service/hash_password_command.hpp"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <string>

#include "adapter/service/cli.hpp"
#include "adapter/service/web/password_hash.hpp"

namespace sarcoma::service {

int run_hash_password(const std::vector<std::string_view>& args) {
  int iterations = web::kDefaultPbkdf2Iterations;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--iterations" && i + 1 < args.size()) {
      std::string_view v = args[++i];
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), iterations);
      if (ec != std::errc() || end != v.data() + v.size() || iterations < 1000 || iterations > 10000000) {
        std::fputs("sarcoma-adapter hash-password: --iterations expects 1000 to 10000000\n", stderr);
        return kExitUsage;
      }
    } else {
      std::fputs("usage: sarcoma-adapter hash-password [--iterations N] < password\n", stderr);
      return kExitUsage;
    }
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() < 8 || password.size() > 1024) {
    std::fputs("sarcoma-adapter hash-password: the password must be 8 to 1024 characters\n", stderr);
    return kExitUsage;
  }
  auto hash = web::hash_password(password, iterations);
  if (!hash) {
    std::fputs("sarcoma-adapter hash-password: no random source\n", stderr);
    return kExitSoftware;
  }
  std::printf("%s\n", hash->c_str());
  return kExitOk;
}

}  // namespace sarcoma::service
