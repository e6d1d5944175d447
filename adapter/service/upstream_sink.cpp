#include "adapter/service/sinks.hpp"

namespace sarcoma::service {

// Placeholder until the FHIR client lands in this session: refuse to start rather than accept
// reports that could not be written back.
Result<std::unique_ptr<UpstreamSink>, std::string> UpstreamSink::create(const Config&) {
  return fail(std::string("write-back to an upstream server is not available in this build"));
}

}  // namespace sarcoma::service
