// sarcoma-adapter: wires the command-line front end to the libraries. No logic lives here.
#include "adapter/service/cli.hpp"

int main(int argc, char** argv) { return sarcoma::service::run_cli(argc, argv); }
