#include "fhir/parse.hpp"

#include "fhir/codec_common.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/xml_codec.hpp"

namespace sarcoma::fhir {

Result<Parsed, Issues> parse_any(std::string_view input, const ParseOptions& options) {
  std::string_view body = detail::strip_bom(input);
  std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && body[first] == '{') return parse_json(input, options);
  if (first != std::string_view::npos && body[first] == '<') return parse_xml(input, options);
  detail::IssueSink sink(options);
  if (!detail::precheck_input(input, sink)) return fail(std::move(sink.issues()));
  sink.error("structure", "input is neither FHIR JSON nor FHIR XML", input.size() - body.size() + first);
  return fail(std::move(sink.issues()));
}

}  // namespace sarcoma::fhir
