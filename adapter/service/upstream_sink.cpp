#include <prometheus/histogram.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "adapter/service/clock.hpp"
#include "adapter/service/fhir_client/fhir_client.hpp"
#include "adapter/service/sinks.hpp"
#include "adapter/service/transaction_chunks.hpp"

namespace sarcoma::service {
namespace {

// FhirClient is not thread-safe and holds a keep-alive connection: each worker borrows one.
class ClientPool {
 public:
  ClientPool(Endpoint endpoint, FhirClientOptions options, Metrics* metrics)
      : endpoint_(std::move(endpoint)), options_(std::move(options)), metrics_(metrics) {}

  template <class F>
  auto with_client(F&& f) {
    auto started = std::chrono::steady_clock::now();
    std::unique_ptr<FhirClient> client;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        client = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!client) client = std::make_unique<FhirClient>(endpoint_, options_);
    auto result = f(*client);
    if (metrics_ != nullptr) {
      metrics_->upstream_seconds.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(client));
    return result;
  }

 private:
  Endpoint endpoint_;
  FhirClientOptions options_;
  Metrics* metrics_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<FhirClient>> idle_;
};

class FhirServerSink final : public UpstreamSink {
 public:
  FhirServerSink(Endpoint endpoint, FhirClientOptions options, std::size_t max_entries, Metrics* metrics)
      : pool_(std::move(endpoint), std::move(options), metrics), max_entries_(max_entries) {}

  ResourceReader reader() override {
    return [this](std::string_view type_and_id) -> Result<std::string, ProcessOutcome> {
      auto r = pool_.with_client([&](FhirClient& c) { return c.read(type_and_id); });
      ProcessOutcome o = classify(r, now_millis());
      if (o.kind != ProcessOutcome::Kind::ok) return fail(std::move(o));
      return std::move(r->body);
    };
  }

  TransactionWriter writer() override {
    return [this](const std::string& json) {
      auto chunks = TransactionChunks::split(json, max_entries_);
      if (!chunks.ok()) {
        ProcessOutcome o;
        o.kind = ProcessOutcome::Kind::failed;
        o.unusable_input = true;
        o.error = "derived Bundle: " + chunks.error();
        return o;
      }
      return pool_.with_client([&](FhirClient& c) {
        for (std::size_t i = 0; i < chunks->size(); ++i) {
          auto r = c.transaction(chunks->chunk(i));
          ProcessOutcome o = classify(r, now_millis());
          if (o.kind != ProcessOutcome::Kind::ok) return o;
          if (i + 1 < chunks->size()) {
            if (auto rec = chunks->record_response(i, r->body); !rec.ok()) {
              o.kind = ProcessOutcome::Kind::failed;
              o.http_status = 502;  // the server's answer is unusable: retry later
              o.error = "upstream transaction-response: " + rec.error();
              return o;
            }
          }
        }
        return ProcessOutcome::success();
      });
    };
  }

  std::function<Result<HttpResult, TransportError>(const std::string&)> searcher() override {
    return [this](const std::string& relative) {
      return pool_.with_client([&](FhirClient& c) { return c.get(relative); });
    };
  }

 private:
  ClientPool pool_;
  std::size_t max_entries_;
};

}  // namespace

Result<std::unique_ptr<UpstreamSink>, std::string> UpstreamSink::create(const Config& c, Metrics* metrics) {
  Endpoint endpoint;
  if (!parse_base_url(c.upstream.url, endpoint)) return fail(std::string("upstream.url is not an http(s) URL"));
  FhirClientOptions options;
  options.http.connect_timeout_ms = c.upstream.connect_timeout_ms;
  options.http.request_timeout_ms = c.upstream.request_timeout_ms;
  options.http.ca_file = c.upstream.ca_file;
  if (!c.upstream.token_env.empty()) {
    const char* token = std::getenv(c.upstream.token_env.c_str());
    if (token == nullptr || *token == '\0') {
      return fail("upstream.token_env names " + c.upstream.token_env + ", which is not set");
    }
    options.bearer_token = token;
  }
  return std::unique_ptr<UpstreamSink>(std::make_unique<FhirServerSink>(
      std::move(endpoint), std::move(options), static_cast<std::size_t>(c.upstream.max_transaction_entries), metrics));
}

}  // namespace sarcoma::service
