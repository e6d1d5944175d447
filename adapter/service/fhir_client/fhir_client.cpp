#include "adapter/service/fhir_client/fhir_client.hpp"

#include <ctime>

#include "fhir/rapidjson.hpp"

namespace sarcoma::service {

FhirClient::FhirClient(Endpoint endpoint, FhirClientOptions options)
    : endpoint_(endpoint), options_(std::move(options)), http_(std::move(endpoint), options_.http) {}

std::vector<std::pair<std::string, std::string>> FhirClient::headers(bool with_body) const {
  std::vector<std::pair<std::string, std::string>> h = {{"Accept", "application/fhir+json"}};
  if (with_body) h.emplace_back("Content-Type", "application/fhir+json");
  if (!options_.bearer_token.empty()) h.emplace_back("Authorization", "Bearer " + options_.bearer_token);
  return h;
}

Result<HttpResult, TransportError> FhirClient::read(std::string_view type_and_id) {
  return http_.request("GET", endpoint_.base_path + "/" + std::string(type_and_id), headers(false), "");
}

Result<HttpResult, TransportError> FhirClient::get(std::string_view relative) {
  return http_.request("GET", endpoint_.base_path + "/" + std::string(relative), headers(false), "");
}

Result<HttpResult, TransportError> FhirClient::transaction(const std::string& bundle_json) {
  return http_.request("POST", endpoint_.base_path.empty() ? "/" : endpoint_.base_path, headers(true), bundle_json);
}

std::optional<std::int64_t> parse_retry_after(std::string_view v, std::int64_t now_ms) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.empty()) return std::nullopt;
  bool digits = true;
  for (char c : v) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    if (v.size() > 9) return std::nullopt;  // more than 30 years: nonsense
    return static_cast<std::int64_t>(std::stoll(std::string(v))) * 1000;
  }
  // IMF-fixdate, the form RFC 9110 requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  std::string s(v);
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  std::int64_t at = static_cast<std::int64_t>(timegm(&tm)) * 1000;
  return at > now_ms ? at - now_ms : 0;
}

namespace {

// "400 OperationOutcome: invalid@Bundle.entry[0], required" - codes and paths, no diagnostics text
// (servers quote the offending resource there).
std::string outcome_summary(int status, const std::string& body) {
  std::string out = "upstream " + std::to_string(status);
  rapidjson::Document d;
  d.Parse(body.c_str(), body.size());
  if (d.HasParseError() || !d.IsObject()) return out;
  auto rt = d.FindMember("resourceType");
  if (rt == d.MemberEnd() || !rt->value.IsString() || std::string_view(rt->value.GetString()) != "OperationOutcome")
    return out;
  auto issues = d.FindMember("issue");
  if (issues == d.MemberEnd() || !issues->value.IsArray()) return out;
  out += " OperationOutcome:";
  int n = 0;
  for (const auto& i : issues->value.GetArray()) {
    if (++n > 5 || !i.IsObject()) break;
    auto code = i.FindMember("code");
    if (code != i.MemberEnd() && code->value.IsString()) out += std::string(" ") + code->value.GetString();
    auto expr = i.FindMember("expression");
    if (expr != i.MemberEnd() && expr->value.IsArray() && !expr->value.Empty() && expr->value[0].IsString()) {
      out += std::string("@") + expr->value[0].GetString();
    }
  }
  return out.size() > 300 ? out.substr(0, 300) : out;
}

}  // namespace

ProcessOutcome classify(const Result<HttpResult, TransportError>& r, std::int64_t now_ms) {
  ProcessOutcome o;
  if (!r.ok()) {
    o.kind = ProcessOutcome::Kind::failed;
    o.http_status = 0;  // no response: retried with backoff
    o.error = std::string("upstream ") + to_string(r.error().kind) + ": " + r.error().message;
    return o;
  }
  int status = r->status;
  if (status >= 200 && status < 300) return ProcessOutcome::success();
  o.kind = ProcessOutcome::Kind::failed;
  o.http_status = status;
  o.error = outcome_summary(status, r->body);
  if (const auto* ra = r->header("retry-after")) o.retry_after_ms = parse_retry_after(*ra, now_ms);
  return o;
}

}  // namespace sarcoma::service
