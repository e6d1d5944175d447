// sarcoma-adapter: wires the command-line front end to the libraries. No logic lives here.
#include "adapter/allocator.hpp"
#include "adapter/service/cli.hpp"

int main(int argc, char** argv) {
  return sarcoma::service::run_cli(argc, argv, {.allocator = sarcoma::allocator_description()});
}
