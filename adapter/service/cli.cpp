#include "adapter/service/cli.hpp"

#include <cstdio>
#include <cstring>

namespace sarcoma::service {

int run_cli(int argc, char** argv) {
  if (argc >= 2 && (std::strcmp(argv[1], "--version") == 0)) {
    std::printf("sarcoma-adapter %s\n", SARCOMA_VERSION);
    return 0;
  }
  std::fprintf(stderr, "usage: sarcoma-adapter assess [FILE|-]\n");
  return 64;
}

}  // namespace sarcoma::service
