#pragma once

namespace sarcoma::service {

// Parses the command line and runs the sub-command. Returns the process exit code
// (0 ok, 64 usage, 65 unusable input, 66 unreadable file, 70 internal error).
int run_cli(int argc, char** argv);

}  // namespace sarcoma::service
