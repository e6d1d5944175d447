#include "adapter/service/cli.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapter/service/assess_command.hpp"
#include "adapter/service/batch_command.hpp"
#include "adapter/service/dlq_command.hpp"
#include "adapter/service/hash_password_command.hpp"
#include "adapter/service/serve_command.hpp"
#include "adapter/service/submit_command.hpp"
#include "adapter/service/validate_command.hpp"
#include "adapter/service/worklist_command.hpp"

namespace sarcoma::service {
namespace {

constexpr const char* kUsage =
    "usage: sarcoma-adapter <command> [options]\n"
    "\n"
    "commands:\n"
    "  validate [FILE|-] [--strict]   parse a pathology report (JSON or XML: a Bundle holding a\n"
    "                                 DiagnosticReport and its Observations, or a DiagnosticReport\n"
    "                                 with contained Observations), resolve its references, and print\n"
    "                                 an OperationOutcome (JSON) listing each report found and every\n"
    "                                 warning. --strict: unknown elements are errors.\n"
    "  assess [FILE|-] [--output json|xml] [--recorded INSTANT] [--mappings DIR] [--strict]\n"
    "                                 grade (FNCLCC) and stage (AJCC 8) a soft tissue sarcoma report\n"
    "                                 and print a FHIR R4 transaction Bundle: derived Observations\n"
    "                                 (grade with its scores, pT, pN, M, stage group), a review Task\n"
    "                                 with every review reason, and a Provenance - conditional\n"
    "                                 updates on deterministic identifiers, so posting it twice\n"
    "                                 creates nothing twice. Not a sarcoma: an empty transaction\n"
    "                                 Bundle. --recorded: the time to record when the report has no\n"
    "                                 `issued` (default: now). --mappings: the rule tables directory.\n"
    "  batch IN.ndjson[.gz] [-o OUT.ndjson] [-j N] [--resume] [--recorded INSTANT]\n"
    "                                 assess every line of a FHIR Bulk Data NDJSON file (a Bundle or\n"
    "                                 a DiagnosticReport per line; gzip accepted): transaction Bundles\n"
    "                                 to OUT in input order, errors (line + OperationOutcome) to\n"
    "                                 OUT.errors.ndjson, progress on stderr. -j: threads. --resume:\n"
    "                                 continue after the last checkpoint. Exit 65 if any line failed.\n"
    "  serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR] [--upstream URL]\n"
    "                                 the daemon (defaults 127.0.0.1:8080, ./var). POST\n"
    "                                 [base]/DiagnosticReport/$sarcoma-assess (synchronous),\n"
    "                                 POST /notify (REST-hook notifications, durable before the\n"
    "                                 200), queue workers writing results back; with no --upstream\n"
    "                                 the embedded FHIR store under /fhir (reports stored there are\n"
    "                                 assessed; GET /fhir/Task?status=requested is the worklist);\n"
    "                                 /livez, /readyz, /metrics; the review worklist web pages at /\n"
    "                                 (sign-in: review.users_file). SIGTERM/SIGINT drain, exit 0.\n"
    "  submit FILE... [--server URL] [--ca-file PEM] [--token-env NAME]\n"
    "                                 store reports (JSON or XML; a DiagnosticReport or a Bundle of\n"
    "                                 any type) on a FHIR server as transactions - by default the\n"
    "                                 daemon's embedded store at http://127.0.0.1:8080/fhir, which\n"
    "                                 queues each stored report for assessment. Exit 69 when the\n"
    "                                 server refuses or cannot be reached.\n"
    "  worklist [--server URL] [--status S]\n"
    "                                 the review worklist (Tasks, most urgent and oldest first) of a\n"
    "                                 FHIR server, by default the daemon's at 127.0.0.1:8080/fhir\n"
    "  hash-password [--iterations N] read a password from stdin, print its salted PBKDF2-SHA256\n"
    "                                 hash for review.users_file (the review web pages' sign-in)\n"
    "  dlq stats [--data-dir DIR]     job counts of the queue: pending, leased, done, dead (JSON)\n"
    "  dlq list [--data-dir DIR]      list dead-lettered jobs of the daemon's queue (DIR/queue.db,\n"
    "                                 default ./var), one JSON object per line\n"
    "  dlq show ID [--data-dir DIR]   print a dead job's payload (stdout) and its last error (stderr)\n"
    "  dlq retry ID...|--all          put dead jobs back on the queue with a fresh retry budget\n"
    "  --version                      print the version\n"
    "  --help                         print this help\n"
    "\n"
    "exit codes: 0 ok; 64 usage error; 65 unusable input (OperationOutcome on stdout, one line on\n"
    "stderr); 66 unreadable file; 70 internal error; 74 an output could not be written;\n"
    "130 interrupted (batch).\n";

}  // namespace

int run_cli(int argc, char** argv, const BuildInfo& build) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  std::string_view command = args.front();
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (command == "--version") {
    std::printf("sarcoma-adapter %s (allocator: %s)\n", SARCOMA_VERSION, build.allocator.c_str());
    return kExitOk;
  }
  using Command = int (*)(const std::vector<std::string_view>&);
  static constexpr std::pair<std::string_view, Command> kCommands[] = {
      {"validate", run_validate}, {"assess", run_assess},
      {"batch", run_batch},       {"dlq", run_dlq},
      {"serve", run_serve},       {"submit", run_submit},
      {"worklist", run_worklist}, {"hash-password", run_hash_password},
  };
  Command run = nullptr;
  for (const auto& [name, function] : kCommands) {
    if (name == command) run = function;
  }
  if (run == nullptr) {
    std::fprintf(stderr, "sarcoma-adapter: unknown command '%.*s'\n%s", static_cast<int>(command.size()),
                 command.data(), kUsage);
    return kExitUsage;
  }
  int status = run(std::vector<std::string_view>(args.begin() + 1, args.end()));
  // What a command printed must have reached its destination: a result lost to a full disk or a
  // closed pipe is an error, not a success (batch checks its own files; this covers stdout).
  if ((std::fflush(stdout) != 0 || std::ferror(stdout) != 0) && status != kExitIoError) {
    std::fprintf(stderr, "sarcoma-adapter: cannot write standard output: %s\n", std::strerror(errno));
    return kExitIoError;
  }
  return status;
}

}  // namespace sarcoma::service
