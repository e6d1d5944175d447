// fhir_convert: a test tool over the fhir/ library, used by tests/scripts/fhir_crosscheck.test.sh.
//
//   fhir_convert --to json|xml [--pretty] FILE|-
//
// Reads one FHIR R4 resource (JSON or XML, detected by parse_any), writes it back in the requested
// format on stdout. Parse warnings (e.g. unknown elements the model does not carry) go to stderr,
// one per line, prefixed "warning:". Exit codes follow the CLI contract in shared/DESIGN.md:
// 0 success, 64 usage error, 65 unusable input (the OperationOutcome JSON on stdout, one line on
// stderr), 66 unreadable file.
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

#include "fhir/issue.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/model.hpp"
#include "fhir/outcome.hpp"
#include "fhir/parse.hpp"
#include "fhir/xml_codec.hpp"

namespace {

constexpr int kUsage = 64;
constexpr int kDataErr = 65;
constexpr int kNoInput = 66;

int usage() {
  std::cerr << "usage: fhir_convert --to json|xml [--pretty] FILE|-\n";
  return kUsage;
}

bool read_all(const std::string& path, std::string& out) {
  if (path == "-") {
    std::ostringstream os;
    os << std::cin.rdbuf();
    out = os.str();
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

std::string describe(const sarcoma::fhir::Issue& i) {
  std::string s = std::string(sarcoma::fhir::to_string(i.severity)) + ": " + i.code;
  if (!i.expression.empty()) s += " at " + i.expression;
  if (!i.diagnostics.empty()) s += ": " + i.diagnostics;
  return s;
}

int run(int argc, char** argv) {
  std::string to;
  std::string path;
  bool pretty = false;
  for (int k = 1; k < argc; ++k) {
    std::string_view a = argv[k];
    if (a == "--to" && k + 1 < argc) {
      to = argv[++k];
    } else if (a == "--pretty") {
      pretty = true;
    } else if (path.empty() && (a == "-" || !a.starts_with("--"))) {
      path = a;
    } else {
      return usage();
    }
  }
  if ((to != "json" && to != "xml") || path.empty()) return usage();

  std::string input;
  if (!read_all(path, input)) {
    std::cerr << "fhir_convert: cannot read " << path << "\n";
    return kNoInput;
  }
  auto parsed = sarcoma::fhir::parse_any(input);
  if (!parsed.ok()) {
    const auto& issues = parsed.error();
    std::cout << sarcoma::fhir::to_json(
                     sarcoma::fhir::Resource(sarcoma::fhir::make_operation_outcome(issues)))
              << "\n";
    std::cerr << "fhir_convert: "
              << (issues.empty() ? std::string("unusable input") : describe(issues.front())) << "\n";
    return kDataErr;
  }
  for (const auto& w : parsed->issues) std::cerr << describe(w) << "\n";
  const auto& r = parsed->resource;
  std::cout << (to == "json" ? sarcoma::fhir::to_json(r, pretty) : sarcoma::fhir::to_xml(r, pretty)) << "\n";
  std::cout.flush();
  return std::cout ? 0 : 74;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "fhir_convert: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "fhir_convert: internal error\n";
  }
  return 70;
}
