#pragma once
// Reads a command's input: a file, or standard input for "-". Bounded: never reads more than
// max_bytes + 1 bytes, so an oversized input is refused by the parser's size check, not by memory.
#include <cstddef>
#include <string>

#include "fhir/result.hpp"

namespace sarcoma::service {

struct InputError {
  std::string message;  // names the file and the OS reason; never file contents
};

Result<std::string, InputError> read_input(const std::string& path, std::size_t max_bytes);

}  // namespace sarcoma::service
