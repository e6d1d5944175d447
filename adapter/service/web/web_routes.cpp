#include "adapter/service/web/web_routes.hpp"

#include "adapter/core/derive/derive.hpp"
#include "adapter/service/log.hpp"
#include "adapter/service/web/assets.hpp"
#include "adapter/service/web/html.hpp"
#include "adapter/service/web/pages.hpp"
#include "adapter/service/web/password_hash.hpp"
#include "adapter/service/web/review.hpp"
#include "adapter/service/web/text_checks.hpp"
#include "adapter/service/web/tumour_board.hpp"

namespace sarcoma::service::web {
namespace {

constexpr const char* kCookie = "sa_session";
constexpr std::size_t kRowCacheLimit = 20000;

void security_headers(HttpResponse& r) {
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                         "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts,
  // which the Origin check below must refuse.
  r.headers.emplace_back("Referrer-Policy", "same-origin");
}

HttpResponse html(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  security_headers(r);
  return r;
}

HttpResponse redirect(const std::string& location) {
  HttpResponse r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", location);
  r.headers.emplace_back("Cache-Control", "no-store");
  security_headers(r);
  return r;
}

std::string cookie_value(const HttpRequest& req, std::string_view name) {
  const std::string* h = req.header("cookie");
  if (h == nullptr) return {};
  std::string_view rest = *h;
  while (!rest.empty()) {
    std::size_t semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return {};
}

std::string query_of(const HttpRequest& req) {
  auto q = req.target.find('?');
  return q == std::string::npos ? std::string() : req.target.substr(q + 1);
}

const std::string* param(const store::QueryParams& p, std::string_view name) {
  for (const auto& [k, v] : p) {
    if (k == name) return &v;
  }
  return nullptr;
}

// A POST from another site (Origin present and not this host) is refused whatever it carries.
bool same_origin(const HttpRequest& req) {
  const std::string* origin = req.header("origin");
  if (origin == nullptr || *origin == "null") return origin == nullptr;
  const std::string* host = req.header("host");
  if (host == nullptr) return false;
  auto scheme_end = origin->find("://");
  return scheme_end != std::string::npos && origin->substr(scheme_end + 3) == *host;
}

bool valid_task_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char ch : id) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

WebApp::WebApp(const core::RuleSet& rules, ResourceReader read, ResourceSearcher search, TransactionWriter write,
               std::function<Millis()> clock, std::function<std::string()> now_instant, std::string adapter_version,
               WebOptions options)
    : rules_(rules),
      read_(std::move(read)),
      search_(std::move(search)),
      write_(std::move(write)),
      clock_(std::move(clock)),
      now_instant_(std::move(now_instant)),
      adapter_version_(std::move(adapter_version)),
      options_(std::move(options)),
      sessions_(options_.session_idle_ms, options_.max_sessions),
      throttle_(5, 60 * 1000) {}

bool WebApp::is_web_path(std::string_view path) {
  for (std::string_view prefix : {"/cases/", "/exports/", "/assets/"}) {
    if (path.substr(0, prefix.size()) == prefix) return true;
  }
  return path == "/" || path == "/login" || path == "/logout";
}

void WebApp::add_routes(Router& router) {
  router.add("GET", "/", [this](const HttpRequest& r) { return worklist(r); });
  router.add("GET", "/login", [this](const HttpRequest& r) { return login_form(r); });
  router.add("POST", "/login", [this](const HttpRequest& r) { return login(r); });
  router.add("POST", "/logout", [this](const HttpRequest& r) { return logout(r); });
  router.add_prefix("GET", "/cases/", [this](const HttpRequest& r) { return case_view(r); });
  router.add_prefix("POST", "/cases/", [this](const HttpRequest& r) { return review(r); });
  router.add_prefix("GET", "/exports/", [this](const HttpRequest& r) { return tumour_board(r); });
  router.add_prefix("GET", "/assets/", [this](const HttpRequest& r) { return asset(r); });
}

std::optional<WebApp::Identity> WebApp::authenticate(const HttpRequest& req) {
  if (const std::string* h = req.header("authorization")) {
    const std::string prefix = "Bearer ";
    if (h->compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    std::string presented = h->substr(prefix.size());
    bool ok = false;
    for (const auto& t : options_.bearer_tokens) ok = same_token(presented, t) || ok;
    if (!ok) return std::nullopt;
    return Identity{"api-client", "API client", "", "", true};
  }
  std::string id = cookie_value(req, kCookie);
  if (id.empty()) return std::nullopt;
  auto s = sessions_.find(id, clock_());
  if (!s) return std::nullopt;
  return Identity{s->username, s->display, s->csrf_token, id, false};
}

HttpResponse WebApp::asset(const HttpRequest& req) {
  std::string name = req.path().substr(std::string_view("/assets/").size());
  const EmbeddedAsset* a = find_asset(name);
  if (a == nullptr) return html(404, message_page("Not found", "There is no such file.", {}));
  HttpResponse r;
  r.content_type = std::string(asset_content_type(name));
  r.body = std::string(a->body);
  r.headers.emplace_back("Cache-Control", "public, max-age=3600");
  security_headers(r);
  return r;
}

HttpResponse WebApp::login_form(const HttpRequest& req) {
  if (authenticate(req)) return redirect("/");
  if (options_.reviewers.empty()) {
    return html(503, message_page("Sign-in not configured",
                                  "No reviewers are configured (review.users_file). Ask the administrator.", {}));
  }
  return html(200, login_page("", ""));
}

HttpResponse WebApp::login(const HttpRequest& req) {
  if (!same_origin(req)) return html(403, login_page("This form was sent from another site.", ""));
  if (req.body.size() > options_.max_form_bytes) return html(413, login_page("The form is too large.", ""));
  auto form = store::parse_query(req.body);
  if (!form.ok()) return html(400, login_page("The form could not be read.", ""));
  const std::string* user = param(*form, "username");
  const std::string* password = param(*form, "password");
  std::string username = user && user->size() <= 64 && is_clean_text(*user, false) ? *user : "";
  if (username.empty() || password == nullptr || password->empty() || password->size() > 1024) {
    return html(400, login_page("Enter your username and password.", username));
  }
  Millis now = clock_();
  if (!throttle_.allowed(username, now)) {
    log_event(LogLevel::warn, "web.login_throttled", {{"user", username}});
    return html(429, login_page("Too many failed attempts: wait a minute and try again.", username));
  }
  const Reviewer* r = find_reviewer(options_.reviewers, username);
  // Unknown users cost a hash too, so the answer time does not reveal who exists.
  static const std::string kDummy = "pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  bool ok = verify_password(*password, r ? r->password_hash : kDummy) && r != nullptr;
  if (!ok) {
    throttle_.failed(username, now);
    log_event(LogLevel::warn, "web.login_failed", {{"user", username}});
    return html(401, login_page("The username or password is not right.", username));
  }
  throttle_.succeeded(username);
  std::string session = sessions_.create(r->username, r->display, now);
  if (session.empty()) return html(500, login_page("Sign-in is unavailable (no random source).", username));
  log_event(LogLevel::info, "web.login", {{"user", r->username}});
  HttpResponse res = redirect("/");
  res.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=" + session +
                                             "; Path=/; HttpOnly; SameSite=Strict" +
                                             (options_.secure_cookies ? "; Secure" : ""));
  return res;
}

HttpResponse WebApp::logout(const HttpRequest& req) {
  auto who = authenticate(req);
  if (who && !who->bearer) {
    auto form = store::parse_query(req.body);
    const std::string* csrf = form.ok() ? param(*form, "csrf") : nullptr;
    if (!same_origin(req) || csrf == nullptr || !same_token(*csrf, who->csrf)) {
      return html(403, message_page("Not signed out", "The form has expired: reload the page and try again.",
                                    Viewer{who->display, who->csrf}));
    }
    sessions_.remove(who->session);
  }
  HttpResponse res = redirect("/login");
  res.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                             (options_.secure_cookies ? "; Secure" : ""));
  return res;
}

Result<std::vector<WorkItem>, std::string> WebApp::tasks(const std::string& status_filter) {
  store::QueryParams params = {{"identifier", std::string(core::kDerivedIdentifierSystem) + "|"}};
  std::string statuses;
  for (const auto& s : task_statuses(status_filter)) statuses += (statuses.empty() ? "" : ",") + s;
  if (!statuses.empty()) params.emplace_back("status", statuses);
  auto found = search_("Task", params, options_.max_tasks);
  if (!found.ok()) return fail(std::move(found).error());
  std::vector<WorkItem> items;
  items.reserve(found->size());
  for (const auto& json : *found) {
    if (auto w = parse_work_item(json)) items.push_back(std::move(*w));
  }
  return items;
}

Result<std::unique_ptr<CaseAnalysis>, std::string> WebApp::analysis_of(const WorkItem& item) {
  if (item.focus.empty()) return fail(std::string("the task names no report"));
  auto assembled = assemble_report(item.focus, read_);
  if (!assembled.ok()) {
    const auto& e = assembled.error();
    return fail(e.http_status == 404 || e.http_status == 410 ? std::string("the report is no longer on the server")
                                                              : std::string("the report could not be read"));
  }
  return analyse_case(*assembled, item.focus, rules_);
}

WebApp::RowSummary WebApp::summary_of(const WorkItem& item) {
  std::string key = item.task_id + "@" + item.version;
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    if (auto it = row_cache_.find(key); it != row_cache_.end()) return it->second;
  }
  RowSummary s;
  auto a = analysis_of(item);
  if (a.ok()) {
    s.tumours = summarize(*(*a)->outcome);
  } else {
    s.problem = a.error();
  }
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (row_cache_.size() >= kRowCacheLimit) row_cache_.clear();
  // Only versioned keys are cached: a server without versionId would otherwise serve stale rows.
  if (!item.version.empty()) row_cache_[key] = s;
  return s;
}

HttpResponse WebApp::worklist(const HttpRequest& req) {
  auto who = authenticate(req);
  if (!who) return redirect("/login");
  Viewer viewer{who->display, who->csrf};
  WorklistView view;
  auto params = store::parse_query(query_of(req));
  auto filter = params.ok() ? parse_worklist_filter(*params) : Result<WorklistFilter, std::string>(fail(params.error()));
  if (!filter.ok()) {
    view.error = "Filter not applied: " + filter.error();
    return html(400, worklist_page(view, viewer, rules_));
  }
  view.filter = *filter;
  auto items = tasks(view.filter.status);
  if (!items.ok()) {
    log_event(LogLevel::error, "web.tasks_unavailable", {{"error", items.error()}});
    view.error = "The task list could not be read from the FHIR server (" + items.error() + ").";
    return html(502, worklist_page(view, viewer, rules_));
  }
  WorklistPage selected = select_work_items(std::move(*items), view.filter);
  view.matched = selected.matched;
  view.page = selected.page;
  view.pages = selected.pages;
  for (auto& w : selected.rows) {
    RowSummary s = summary_of(w);
    view.rows.push_back(WorklistRow{std::move(w), std::move(s.tumours), std::move(s.problem)});
  }
  return html(200, worklist_page(view, viewer, rules_));
}

HttpResponse WebApp::render_case(const WorkItem& item, const Identity& who, int status,
                                 std::vector<FieldError> errors, store::QueryParams submitted, std::string notice) {
  Viewer viewer{who.display, who.csrf};
  CaseView view;
  view.item = item;
  view.errors = std::move(errors);
  view.submitted = std::move(submitted);
  view.notice = std::move(notice);
  auto a = analysis_of(item);
  if (a.ok()) {
    view.analysis = a->get();
  } else {
    view.problem = a.error();
  }
  return html(status, case_page(view, viewer, rules_));
}

HttpResponse WebApp::case_view(const HttpRequest& req) {
  auto who = authenticate(req);
  if (!who) return redirect("/login");
  std::string id = req.path().substr(std::string_view("/cases/").size());
  if (!valid_task_id(id)) return html(404, message_page("Not found", "There is no such case.", {who->display, who->csrf}));
  auto task = read_("Task/" + id);
  if (!task.ok()) {
    int status = task.error().http_status == 404 || task.error().http_status == 410 ? 404 : 502;
    return html(status, message_page(status == 404 ? "Not found" : "Server unavailable",
                                     status == 404 ? "There is no such case." : "The case could not be read.",
                                     {who->display, who->csrf}));
  }
  auto item = parse_work_item(*task);
  if (!item) return html(404, message_page("Not found", "There is no such case.", {who->display, who->csrf}));
  auto q = store::parse_query(query_of(req));
  bool saved = q.ok() && param(*q, "saved") != nullptr;
  return render_case(*item, *who, 200, {}, {}, saved ? "Review saved." : "");
}

HttpResponse WebApp::review(const HttpRequest& req) {
  auto who = authenticate(req);
  if (!who) return html(401, login_page("Sign in to review cases.", ""));
  Viewer viewer{who->display, who->csrf};
  std::string rest = req.path().substr(std::string_view("/cases/").size());
  const std::string suffix = "/review";
  if (rest.size() <= suffix.size() || rest.substr(rest.size() - suffix.size()) != suffix) {
    return html(404, message_page("Not found", "There is no such page.", viewer));
  }
  std::string id = rest.substr(0, rest.size() - suffix.size());
  if (!valid_task_id(id)) return html(404, message_page("Not found", "There is no such case.", viewer));
  if (!same_origin(req)) return html(403, message_page("Refused", "This form was sent from another site.", viewer));
  if (req.body.size() > options_.max_form_bytes) {
    return html(413, message_page("Refused", "The form is larger than 64 KiB.", viewer));
  }
  auto form = store::parse_query(req.body);
  if (!form.ok()) return html(400, message_page("Refused", "The form could not be read.", viewer));
  if (!who->bearer) {
    const std::string* csrf = param(*form, "csrf");
    if (csrf == nullptr || !same_token(*csrf, who->csrf)) {
      return html(403, message_page("Refused", "The form has expired: open the case again and resubmit.", viewer));
    }
  }
  std::string reviewer_name = who->display, reviewer_user = who->username;
  if (who->bearer) {
    // An integration acting for a pathologist names them; the token holder is trusted to do so.
    const std::string* r = param(*form, "reviewer");
    if (r == nullptr || r->empty() || r->size() > 200 || !is_clean_text(*r, false)) {
      return html(422, message_page("Refused", "A bearer-token review must name the reviewer (field reviewer).", viewer));
    }
    reviewer_name = *r;
  }

  // Read, check and write under one lock: two reviewers submitting at once cannot both complete it.
  std::lock_guard<std::mutex> lock(review_mutex_);
  auto task = read_("Task/" + id);
  if (!task.ok()) return html(404, message_page("Not found", "There is no such case.", viewer));
  auto item = parse_work_item(*task);
  if (!item) return html(404, message_page("Not found", "There is no such case.", viewer));
  if (!is_open_status(item->status)) {
    return html(409, message_page("Already reviewed", "This case was already reviewed" +
                                                          (item->owner.empty() ? std::string(".") : " by " + item->owner + "."),
                                  viewer));
  }
  const std::string* version = param(*form, "version");
  if (version != nullptr && !item->version.empty() && *version != item->version) {
    return render_case(*item, *who, 409, {{"decision", "The case changed since you opened it (the report was "
                                                       "re-assessed): check the values and submit again."}},
                       *form, "");
  }
  auto analysis = analysis_of(*item);
  if (!analysis.ok()) return html(502, message_page("Not saved", "The case could not be read: " + analysis.error(), viewer));
  const auto& outcome = *(*analysis)->outcome;
  std::vector<ComputedTumour> computed = computed_tumours(outcome);
  auto decision = parse_review_form(*form, computed, rules_);
  if (!decision.ok()) return render_case(*item, *who, 422, std::move(decision).error(), *form, "");

  ReviewContext ctx;
  ctx.task_json = *task;
  for (const auto& ref : item->derived) {
    auto obs = read_(ref);
    if (obs.ok()) ctx.observation_json.push_back(std::move(*obs));
  }
  ctx.report_identity = core::report_identity(*(*analysis)->report);
  ctx.report_reference = item->focus;
  ctx.tumours = computed;
  ctx.reviewer_username = reviewer_user;
  ctx.reviewer_display = reviewer_name;
  ctx.now = now_instant_();
  ctx.adapter_version = adapter_version_;
  auto transaction = review_transaction(ctx, *decision, rules_);
  if (!transaction.ok()) return html(409, message_page("Not saved", "This task cannot be reviewed here.", viewer));
  ProcessOutcome written = write_(*transaction);
  if (written.kind != ProcessOutcome::Kind::ok) {
    log_event(LogLevel::error, "web.review_write_failed", {{"task", id}, {"error", written.error}});
    return render_case(*item, *who, 502, {{"decision", "The review could not be saved on the FHIR server; nothing "
                                                       "was changed. Try again."}},
                       *form, "");
  }
  log_event(LogLevel::info, "web.review_saved",
            {{"task", id}, {"decision", decision->amend ? "amend" : "confirm"}, {"reviewer", reviewer_user}});
  return redirect("/cases/" + id + "?saved=1");
}

HttpResponse WebApp::tumour_board(const HttpRequest& req) {
  auto who = authenticate(req);
  if (!who) return html(401, login_page("Sign in to export the tumour-board list.", ""));
  std::string name = req.path().substr(std::string_view("/exports/").size());
  bool csv = name == "tumour-board.csv";
  if (!csv && name != "tumour-board.json") {
    return html(404, message_page("Not found", "There is no such export.", {who->display, who->csrf}));
  }
  auto params = store::parse_query(query_of(req));
  auto filter = params.ok() ? parse_worklist_filter(*params) : Result<WorklistFilter, std::string>(fail(params.error()));
  if (!filter.ok()) return html(400, message_page("Refused", "Filter not applied: " + filter.error(), {who->display, who->csrf}));
  auto items = tasks(filter->status);
  if (!items.ok()) return html(502, message_page("Server unavailable", "The task list could not be read.", {who->display, who->csrf}));
  WorklistFilter all = *filter;
  all.page = 1;
  all.page_size = static_cast<int>(options_.max_tasks);  // every matching case, not one page
  WorklistPage selected = select_work_items(std::move(*items), all);
  std::vector<WorklistRow> rows;
  for (auto& w : selected.rows) {
    RowSummary s = summary_of(w);
    rows.push_back(WorklistRow{std::move(w), std::move(s.tumours), std::move(s.problem)});
  }
  HttpResponse r;
  if (csv) {
    r.content_type = "text/csv; charset=utf-8";
    r.body = tumour_board_csv(rows);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"tumour-board.csv\"");
  } else {
    r.content_type = "application/fhir+json";
    r.body = tumour_board_list(rows, now_instant_());
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"tumour-board.json\"");
  }
  r.headers.emplace_back("Cache-Control", "no-store");
  security_headers(r);
  log_event(LogLevel::info, "web.export", {{"format", csv ? "csv" : "list"}, {"cases", std::to_string(rows.size())}});
  return r;
}

}  // namespace sarcoma::service::web
