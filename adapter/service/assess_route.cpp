#include "adapter/service/assess_route.hpp"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>

#include <chrono>

#include "adapter/core/pipeline.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/outcome.hpp"
#include "fhir/xml_codec.hpp"

namespace sarcoma::service {
namespace {

enum class Format { json, xml, unsupported };

// application/fhir+json, application/json, ... ; parameters such as charset are ignored.
Format format_of(const std::string* media_type) {
  if (media_type == nullptr || media_type->empty()) return Format::json;
  std::string t = media_type->substr(0, media_type->find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "application/fhir+json" || t == "application/json" || t == "application/json+fhir")
    return Format::json;
  if (t == "application/fhir+xml" || t == "application/xml" || t == "application/xml+fhir" || t == "text/xml")
    return Format::xml;
  return Format::unsupported;
}

// Accept may list several types; the first one we can produce wins; */* or none: as the request.
Format accepted(const std::string* accept, Format request_format) {
  if (accept == nullptr) return request_format;
  std::size_t pos = 0;
  while (pos <= accept->size()) {
    std::size_t end = accept->find(',', pos);
    std::string item = accept->substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    if (item.rfind("*/*", 0) == 0) return request_format;
    Format f = format_of(&item);
    if (f != Format::unsupported) return f;
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return request_format;
}

HttpResponse resource_response(int status, const fhir::Resource& r, Format f) {
  HttpResponse out;
  out.status = status;
  if (f == Format::xml) {
    out.content_type = "application/fhir+xml";
    out.body = fhir::to_xml(r);
  } else {
    out.content_type = "application/fhir+json";
    out.body = fhir::to_json(r);
  }
  return out;
}

// Parse failures are 400; a well-formed resource that holds no report is 422.
int status_for(const fhir::Issues& issues) {
  for (const auto& i : issues) {
    if (i.code == "not-found") return 422;
  }
  return 400;
}

}  // namespace

HttpResponse handle_assess(const HttpRequest& req, AssessRouteContext& ctx) {
  Format in = format_of(req.header("content-type"));
  if (in == Format::unsupported) {
    return error_response(415, "not-supported",
                          "Content-Type must be application/fhir+json or application/fhir+xml");
  }
  Format out = accepted(req.header("accept"), in);
  ctx.metrics.received_push.Increment();
  auto started = std::chrono::steady_clock::now();
  core::PipelineOptions options;
  options.adapter_version = ctx.adapter_version;
  options.fallback_recorded = ctx.now_instant();
  options.typed_bundle = out == Format::xml;  // JSON goes out as derive wrote it
  auto result = core::run_pipeline(req.body, ctx.rules, options);
  ctx.metrics.processing_seconds.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (!result.ok()) {
    return resource_response(status_for(result.error()),
                             fhir::Resource(fhir::make_operation_outcome(result.error())), out);
  }
  if (out == Format::json) {
    HttpResponse response;
    response.status = 200;
    response.content_type = "application/fhir+json";
    response.body = std::move(result->bundle_json);
    return response;
  }
  return resource_response(200, fhir::Resource(std::move(result->bundle)), out);
}

void add_assess_routes(Router& router, AssessRouteContext& ctx) {
  for (const auto& base : ctx.bases) {
    router.add("POST", base + "/DiagnosticReport/$sarcoma-assess",
               [&ctx](const HttpRequest& req) { return handle_assess(req, ctx); });
  }
}

}  // namespace sarcoma::service
