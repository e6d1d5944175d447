#include "adapter/service/assess_command.hpp"

#include <cstdio>
#include <string>

#include "adapter/core/pipeline.hpp"
#include "adapter/service/cli.hpp"
#include "adapter/service/clock.hpp"
#include "adapter/service/input.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/outcome.hpp"
#include "fhir/xml_codec.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::service {
namespace {

void write_stdout(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

std::string render(const fhir::Resource& r, bool xml) { return xml ? fhir::to_xml(r, true) : fhir::to_json(r, true); }

bool valid_instant(std::string_view s) {
  // The lexical check the parser applies to instants, by parsing a tiny resource would be
  // overkill here: yyyy-mm-ddThh:mm:ss(.sss)Z or with an offset.
  return s.size() >= 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' &&
         (s.back() == 'Z' || s[s.size() - 3] == ':');
}

}  // namespace

int run_assess(const std::vector<std::string_view>& args) {
  std::string path, mappings_dir = mappings::default_mappings_dir(), recorded;
  bool xml = false;
  core::PipelineOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    auto value = [&](const char* name) -> const std::string_view* {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "sarcoma-adapter assess: %s needs a value\n", name);
        return nullptr;
      }
      return &args[++i];
    };
    if (a == "--output" || a == "-o") {
      const auto* v = value("--output");
      if (!v) return kExitUsage;
      if (*v != "json" && *v != "xml") {
        std::fputs("sarcoma-adapter assess: --output is json or xml\n", stderr);
        return kExitUsage;
      }
      xml = *v == "xml";
    } else if (a == "--mappings") {
      const auto* v = value("--mappings");
      if (!v) return kExitUsage;
      mappings_dir = *v;
    } else if (a == "--recorded") {
      const auto* v = value("--recorded");
      if (!v) return kExitUsage;
      if (!valid_instant(*v)) {
        std::fputs("sarcoma-adapter assess: --recorded takes a FHIR instant, e.g. 2026-01-31T12:00:00Z\n", stderr);
        return kExitUsage;
      }
      recorded = *v;
    } else if (a == "--strict") {
      options.parse.strict = true;
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "sarcoma-adapter assess: unknown option '%.*s'\n", static_cast<int>(a.size()), a.data());
      return kExitUsage;
    } else if (path.empty()) {
      path = a;
    } else {
      std::fputs("sarcoma-adapter assess: only one input file\n", stderr);
      return kExitUsage;
    }
  }
  if (path.empty()) path = "-";

  auto rules = core::RuleSet::load(mappings_dir);
  if (!rules.ok()) {
    for (const auto& issue : rules.error()) std::fprintf(stderr, "sarcoma-adapter: %s\n", issue.diagnostics.c_str());
    return kExitSoftware;
  }
  auto input = read_input(path, options.parse.max_bytes);
  if (!input.ok()) {
    std::fprintf(stderr, "sarcoma-adapter: %s\n", input.error().message.c_str());
    return kExitNoInput;
  }
  options.adapter_version = SARCOMA_VERSION;
  options.fallback_recorded = recorded.empty() ? now_instant() : recorded;
  auto result = core::run_pipeline(*input, **rules, options);
  if (!result.ok()) {
    write_stdout(render(fhir::Resource(fhir::make_operation_outcome(result.error())), xml));
    const fhir::Issue& first = result.error().front();
    // One line for a human: the first error and its element path, never the input's content.
    std::fprintf(stderr, "sarcoma-adapter: %s: unusable input: %s%s%s\n", path.c_str(), first.diagnostics.c_str(),
                 first.expression.empty() ? "" : " at ", first.expression.c_str());
    return kExitDataError;
  }
  write_stdout(render(fhir::Resource(std::move(result->bundle)), xml));
  return kExitOk;
}

}  // namespace sarcoma::service
