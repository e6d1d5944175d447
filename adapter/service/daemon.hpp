#pragma once
// `serve`: wires the pieces into the running daemon - rule tables, queue, workers, the HTTP routes
// (intake, $sarcoma-assess, health, metrics, and the embedded FHIR store when no upstream server is
// configured) - then waits for SIGTERM/SIGINT and drains.
#include "adapter/service/config.hpp"

namespace sarcoma::service {

int run_daemon(const Config& config);

}  // namespace sarcoma::service
