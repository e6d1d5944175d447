// The floor for batch throughput: a raw RapidJSON DOM parse of every line of an NDJSON file, no
// FHIR model, nothing else. Prints {"lines":N,"seconds":S,"lines_per_s":R}.
//   sarcoma_floor FILE
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "fhir/rapidjson.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: sarcoma_floor FILE.ndjson\n", stderr);
    return 64;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 66;
  }
  std::string line;
  long long lines = 0, members = 0;
  auto started = std::chrono::steady_clock::now();
  while (std::getline(in, line)) {
    rapidjson::Document d;
    d.Parse(line.data(), line.size());
    if (!d.HasParseError() && d.IsObject()) members += d.MemberCount();
    ++lines;
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("{\"lines\":%lld,\"seconds\":%.3f,\"lines_per_s\":%.0f,\"members\":%lld}\n", lines, s, lines / s, members);
  return 0;
}
