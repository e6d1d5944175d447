#pragma once

#include <string>

namespace sarcoma::service {

// Exit codes (sysexits.h): what integration engines and shell scripts branch on.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 64;      // EX_USAGE
inline constexpr int kExitDataError = 65;  // EX_DATAERR: unusable input, OperationOutcome on stdout
inline constexpr int kExitNoInput = 66;    // EX_NOINPUT: unreadable file
inline constexpr int kExitSoftware = 70;   // EX_SOFTWARE: internal error
inline constexpr int kExitIoError = 74;    // EX_IOERR: an output could not be written (disk full, ...)

// What the binary was linked with, shown by --version (main.cpp fills it in).
struct BuildInfo {
  std::string allocator = "system malloc";
};

// Parses the command line and runs the sub-command; returns the process exit code.
int run_cli(int argc, char** argv, const BuildInfo& build = {});

}  // namespace sarcoma::service
