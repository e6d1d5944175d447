#include "adapter/service/input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace sarcoma::service {

Result<std::string, InputError> read_input(const std::string& path, std::size_t max_bytes) {
  const bool use_stdin = path == "-";
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      use_stdin ? stdin : std::fopen(path.c_str(), "rb"),
      use_stdin ? +[](std::FILE*) { return 0; } : &std::fclose);
  if (!file) return fail(InputError{"cannot open " + path + ": " + std::strerror(errno)});
  std::string data;
  char buffer[64 * 1024];
  while (data.size() <= max_bytes) {
    std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
    data.append(buffer, n);
    if (n < sizeof buffer) break;
  }
  if (std::ferror(file.get())) {
    return fail(InputError{"cannot read " + (use_stdin ? std::string("standard input") : path) + ": " +
                           std::strerror(errno)});
  }
  if (data.size() > max_bytes + 1) data.resize(max_bytes + 1);
  return data;
}

}  // namespace sarcoma::service
