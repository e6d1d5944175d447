#include "adapter/service/validate_command.hpp"

#include <cstdio>
#include <string>

#include "adapter/core/validate.hpp"
#include "adapter/service/cli.hpp"
#include "adapter/service/input.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/outcome.hpp"

namespace sarcoma::service {
namespace {

void print_outcome(const fhir::Issues& issues) {
  std::string json = fhir::to_json(fhir::Resource(fhir::make_operation_outcome(issues)), true);
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace

int run_validate(const std::vector<std::string_view>& args) {
  std::string path;
  fhir::ParseOptions options;
  for (auto a : args) {
    if (a == "--strict") {
      options.strict = true;
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "sarcoma-adapter validate: unknown option '%.*s'\n", static_cast<int>(a.size()),
                   a.data());
      return kExitUsage;
    } else if (path.empty()) {
      path = a;
    } else {
      std::fputs("sarcoma-adapter validate: only one input file\n", stderr);
      return kExitUsage;
    }
  }
  if (path.empty()) path = "-";

  auto input = read_input(path, options.max_bytes);
  if (!input.ok()) {
    std::fprintf(stderr, "sarcoma-adapter: %s\n", input.error().message.c_str());
    return kExitNoInput;
  }
  auto result = core::validate_report(*input, options);
  if (!result.ok()) {
    print_outcome(result.error());
    const fhir::Issue& first = result.error().front();
    // One line for a human: the first error, with its element path but never the input's content.
    std::fprintf(stderr, "sarcoma-adapter: %s: unusable input: %s%s%s\n", path.c_str(),
                 first.diagnostics.c_str(), first.expression.empty() ? "" : " at ", first.expression.c_str());
    return kExitDataError;
  }
  print_outcome(*result);
  return kExitOk;
}

}  // namespace sarcoma::service
