#pragma once
// GET [base]/metadata: a CapabilityStatement describing what fhir_rest serves, so FHIR clients
// (and integration engines probing the endpoint) see the supported interactions and parameters.
#include <string>
#include <string_view>

#include "adapter/service/store/instant.hpp"

namespace sarcoma::service::store {

std::string capability_statement(Millis now, std::string_view software_version, std::string_view base_url);

}  // namespace sarcoma::service::store
