// libFuzzer target: parse_xml must never crash, hang or throw; whatever it accepts must
// serialise to XML that parses again to the same XML.
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
  auto parsed = parse_xml(in, options);
  if (!parsed.ok()) return 0;
  (void)resolve_reports(parsed->resource);  // must terminate on any reference graph
  std::string once = to_xml(parsed->resource);
  auto again = parse_xml(once);
  if (!again.ok()) std::abort();  // our own output must be readable
  if (to_xml(again->resource) != once) std::abort();
  (void)to_xml(parsed->resource, true);
  (void)to_json(parsed->resource);
  return 0;
}
