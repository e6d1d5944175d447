// libFuzzer target: parse_json must never crash, hang or throw; whatever it accepts must
// serialise to JSON that parses again to the same JSON, and survive the trip through XML.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fhir/json_codec.hpp"
#include "fhir/resolve.hpp"
#include "fhir/xml_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sarcoma::fhir;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ParseOptions options;
  options.max_bytes = 1 << 20;
  auto parsed = parse_json(in, options);
  if (!parsed.ok()) return 0;
  (void)resolve_reports(parsed->resource);  // must terminate on any reference graph
  std::string once = to_json(parsed->resource);
  auto again = parse_json(once);
  if (!again.ok()) std::abort();  // our own output must be readable
  if (to_json(again->resource) != once) std::abort();
  (void)to_json(parsed->resource, true);
  std::string xml = to_xml(parsed->resource);
  if (!parse_xml(xml).ok()) std::abort();
  return 0;
}
