#pragma once
// The review web pages served by the daemon (issue 9), on the embedded store or the upstream FHIR
// server alike: the worklist at /, a case page per review Task, the review action, the
// tumour-board export, sign-in. This file is the I/O edge: it reads and writes through the same
// reader, searcher and transaction writer as the queue workers, and leaves every decision to the
// pure pieces beside it (work_item, case_analysis, review, pages, tumour_board).
//
// Auth: a signed-in reviewer (session cookie; HttpOnly, SameSite=Strict, Secure over HTTPS) or a
// configured bearer token. Every page but /login and /assets/ refuses without one. Forms carry the
// session's CSRF token, and a POST whose Origin is not this server is refused. URLs hold only Task
// ids and filter codes, never patient data; logs name Task ids, never report contents.
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "adapter/core/rule_set.hpp"
#include "adapter/service/http/router.hpp"
#include "adapter/service/report_processor.hpp"
#include "adapter/service/sinks.hpp"
#include "adapter/service/web/case_analysis.hpp"
#include "adapter/service/web/review.hpp"
#include "adapter/service/web/reviewers.hpp"
#include "adapter/service/web/sessions.hpp"
#include "adapter/service/web/work_item.hpp"

namespace sarcoma::service::web {

struct WebOptions {
  std::vector<Reviewer> reviewers;
  std::vector<std::string> bearer_tokens;
  Millis session_idle_ms = 30 * 60 * 1000;
  std::size_t max_sessions = 1000;
  bool secure_cookies = false;    // true when served over HTTPS
  std::size_t max_tasks = 10000;  // the most Tasks one worklist view or export reads
  std::size_t max_form_bytes = 64 * 1024;
};

class WebApp {
 public:
  WebApp(const core::RuleSet& rules, ResourceReader read, ResourceSearcher search, TransactionWriter write,
         std::function<Millis()> clock, std::function<std::string()> now_instant, std::string adapter_version,
         WebOptions options);

  void add_routes(Router& router);

  // True for the paths the pages serve (they authenticate themselves; the API's bearer guard
  // leaves them alone).
  static bool is_web_path(std::string_view path);

 private:
  struct Identity {
    std::string username, display, csrf, session;
    bool bearer = false;
  };
  struct RowSummary {
    std::vector<TumourSummary> tumours;
    std::string problem;
  };

  std::optional<Identity> authenticate(const HttpRequest& req);
  HttpResponse worklist(const HttpRequest& req);
  HttpResponse case_view(const HttpRequest& req);
  HttpResponse review(const HttpRequest& req);
  HttpResponse tumour_board(const HttpRequest& req);
  HttpResponse login_form(const HttpRequest& req);
  HttpResponse login(const HttpRequest& req);
  HttpResponse logout(const HttpRequest& req);
  HttpResponse asset(const HttpRequest& req);

  Result<std::vector<WorkItem>, std::string> tasks(const std::string& status_filter);
  RowSummary summary_of(const WorkItem& item);
  Result<std::unique_ptr<CaseAnalysis>, std::string> analysis_of(const WorkItem& item);
  HttpResponse render_case(const WorkItem& item, const Identity& who, int status, std::vector<FieldError> errors,
                           store::QueryParams submitted, std::string notice);

  const core::RuleSet& rules_;
  ResourceReader read_;
  ResourceSearcher search_;
  TransactionWriter write_;
  std::function<Millis()> clock_;
  std::function<std::string()> now_instant_;
  std::string adapter_version_;
  WebOptions options_;
  SessionStore sessions_;
  LoginThrottle throttle_;
  std::mutex cache_mutex_;
  std::map<std::string, RowSummary> row_cache_;  // by Task id + version
  std::mutex review_mutex_;                      // one review write at a time (read-check-write)
};

}  // namespace sarcoma::service::web
