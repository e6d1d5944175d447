#include "adapter/service/as_transaction.hpp"

#include "fhir/json_codec.hpp"
#include "fhir/parse.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service {
namespace {

fhir::Issue error(std::string code, std::string diagnostics, std::string expression) {
  return fhir::Issue{fhir::Severity::error, std::move(code), std::move(diagnostics), std::move(expression), {}, {}, {}};
}

std::string member(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                      : std::string();
}

void add_entry(rapidjson::Value& entries, const rapidjson::Value& resource, const std::string& full_url,
               rapidjson::Document::AllocatorType& a) {
  std::string type = member(resource, "resourceType");
  std::string id = member(resource, "id");
  rapidjson::Value entry(rapidjson::kObjectType);
  rapidjson::Value request(rapidjson::kObjectType);
  if (!id.empty()) {
    request.AddMember("method", "PUT", a);
    request.AddMember("url", rapidjson::Value((type + "/" + id).c_str(), a), a);
  } else {
    request.AddMember("method", "POST", a);
    request.AddMember("url", rapidjson::Value(type.c_str(), a), a);
  }
  if (!full_url.empty()) entry.AddMember("fullUrl", rapidjson::Value(full_url.c_str(), a), a);
  entry.AddMember("resource", rapidjson::Value(resource, a), a);
  entry.AddMember("request", request, a);
  entries.PushBack(entry, a);
}

}  // namespace

Result<std::string, fhir::Issues> as_transaction(std::string_view bytes) {
  // Parse with the project's codec (JSON or XML, limits, UTF-8): the result is re-serialised as
  // JSON, so what is submitted is what the adapter itself would read.
  auto parsed = fhir::parse_any(bytes, fhir::ParseOptions{});
  if (!parsed.ok()) return fail(std::move(parsed).error());
  std::string json = fhir::to_json(parsed->resource);
  rapidjson::Document in;
  in.Parse(json.c_str(), json.size());
  rapidjson::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  out.AddMember("resourceType", "Bundle", a);
  out.AddMember("type", "transaction", a);
  rapidjson::Value entries(rapidjson::kArrayType);
  std::string type = member(in, "resourceType");
  if (type == "Bundle") {
    std::string bundle_type = member(in, "type");
    if (bundle_type == "transaction" || bundle_type == "batch") return json;
    auto it = in.FindMember("entry");
    if (it != in.MemberEnd() && it->value.IsArray()) {
      for (const auto& e : it->value.GetArray()) {
        auto r = e.FindMember("resource");
        if (r == e.MemberEnd() || !r->value.IsObject()) continue;
        std::string full_url = member(e, "fullUrl");
        // Only urn:uuid fullUrls stay: they are how entries without an id reference each other.
        add_entry(entries, r->value, full_url.rfind("urn:uuid:", 0) == 0 ? full_url : std::string(), a);
      }
    }
  } else if (type == "DiagnosticReport") {
    add_entry(entries, in, "", a);
  } else {
    return fail(fhir::Issues{error("not-supported", "expected a Bundle or a DiagnosticReport, found " + type, type)});
  }
  if (entries.Empty()) return fail(fhir::Issues{error("required", "the Bundle has no resources", "Bundle.entry")});
  out.AddMember("entry", entries, a);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  out.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace sarcoma::service
