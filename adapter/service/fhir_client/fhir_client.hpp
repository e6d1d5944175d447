#pragma once
// The upstream FHIR server as the daemon uses it: read a resource, post a transaction; bearer token
// and JSON content negotiation on every request. Answers are classified for the queue by
// classify(): an OperationOutcome from the server is data (its codes go into the job's error), not
// an exception.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapter/service/fhir_client/http_client.hpp"
#include "adapter/service/queue/worker.hpp"

namespace sarcoma::service {

struct FhirClientOptions {
  std::string bearer_token;  // empty: no Authorization header
  ClientOptions http;
};

class FhirClient {
 public:
  FhirClient(Endpoint endpoint, FhirClientOptions options);

  // GET [base]/Type/id
  Result<HttpResult, TransportError> read(std::string_view type_and_id);
  // GET [base]/relative (a search such as "Task?status=requested&_count=100")
  Result<HttpResult, TransportError> get(std::string_view relative);
  // POST [base] with a transaction or batch Bundle (JSON)
  Result<HttpResult, TransportError> transaction(const std::string& bundle_json);

  const HttpClient& http() const { return http_; }

 private:
  std::vector<std::pair<std::string, std::string>> headers(bool with_body) const;
  Endpoint endpoint_;
  FhirClientOptions options_;
  HttpClient http_;
};

// Retry-After as delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2026 07:28:00 GMT") ->
// milliseconds from `now_ms`; nullopt when absent or malformed. Pure.
std::optional<std::int64_t> parse_retry_after(std::string_view value, std::int64_t now_ms);

// 2xx -> success; 408, 429, 5xx and transport failures -> retryable (Retry-After honoured);
// other 4xx -> permanent, with the status and the OperationOutcome's issue codes (never bodies).
ProcessOutcome classify(const Result<HttpResult, TransportError>& result, std::int64_t now_ms);

}  // namespace sarcoma::service
