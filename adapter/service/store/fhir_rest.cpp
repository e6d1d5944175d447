#include "adapter/service/store/fhir_rest.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <vector>

#include "adapter/service/store/bundle_json.hpp"
#include "adapter/service/store/capability.hpp"
#include "adapter/service/store/instant.hpp"
#include "adapter/service/store/resource_types.hpp"
#include "adapter/service/store/url.hpp"

namespace sarcoma::service::store {
namespace {

struct Context {
  FhirStore& store;
  FhirRestOptions options;
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The media type without parameters, lower-cased: "application/fhir+json; charset=utf-8" ->
// "application/fhir+json".
std::string media_type(std::string_view value) {
  return lower(trim(value.substr(0, value.find(';'))));
}

bool is_json_type(const std::string& type) {
  return type == "application/fhir+json" || type == "application/json" || type == "application/json+fhir";
}

HttpResponse error(const StoreError& e) {
  return outcome_response(e.status, e.issues);
}

// The base for absolute URLs. The Host header is client input: only host[:port] characters pass.
std::string base_url(const HttpRequest& req, const Context& ctx) {
  if (!ctx.options.public_base_url.empty()) return ctx.options.public_base_url;
  std::string host = "localhost";
  if (const std::string* h = req.header("host")) {
    const bool clean = !h->empty() && h->size() <= 255 && std::all_of(h->begin(), h->end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' ||
             c == ']';
    });
    if (clean) host = *h;
  }
  return "http://" + host + ctx.options.base_path;
}

// 406 unless the client accepts JSON (Accept header and _format).
std::optional<HttpResponse> check_accept(const HttpRequest& req, const QueryParams& query) {
  for (const auto& [name, value] : query) {
    if (name != "_format") continue;
    const std::string f = media_type(value);
    if (f != "json" && !is_json_type(f)) return error_response(406, "not-supported", "only JSON is served");
  }
  const std::string* accept = req.header("accept");
  if (!accept || trim(*accept).empty()) return std::nullopt;
  std::string_view rest(*accept);
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    const std::string type = media_type(rest.substr(0, comma));
    if (type == "*/*" || type == "application/*" || is_json_type(type)) return std::nullopt;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return error_response(406, "not-supported", "only JSON (application/fhir+json) is served");
}

// 413 / 415 for a request body.
std::optional<HttpResponse> check_body(const HttpRequest& req, const Context& ctx) {
  if (req.body.size() > ctx.options.max_body_bytes) {
    return error_response(413, "too-long", "request body larger than the configured limit");
  }
  if (const std::string* type = req.header("content-type")) {
    if (!is_json_type(media_type(*type))) {
      return error_response(415, "not-supported", "bodies must be application/fhir+json");
    }
  }
  return std::nullopt;
}

bool prefers_minimal(const HttpRequest& req) {
  const std::string* prefer = req.header("prefer");
  return prefer && lower(*prefer).find("return=minimal") != std::string::npos;
}

struct Target {
  std::vector<std::string> segments;  // decoded path segments after the base
  QueryParams query;
  bool has_query = false;
};

// Splits "/fhir/Task/123?x=y" after the base. Errors: malformed escapes -> 400.
Result<Target, HttpResponse> parse_target(const HttpRequest& req, const Context& ctx) {
  Target t;
  const std::string path = req.path();
  std::string_view rest(path);
  rest.remove_prefix(std::min(rest.size(), ctx.options.base_path.size() + 1));
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  while (!rest.empty() || t.segments.empty()) {
    std::size_t slash = rest.find('/');
    auto segment = percent_decode(rest.substr(0, slash), false);
    if (!segment) return fail(error_response(400, "value", "malformed percent-encoding in the path"));
    t.segments.push_back(std::move(*segment));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (auto q = req.target.find('?'); q != std::string::npos) {
    t.has_query = true;
    auto params = parse_query(std::string_view(req.target).substr(q + 1));
    if (!params.ok()) return fail(error_response(400, "value", params.error()));
    t.query = std::move(*params);
  }
  if (!is_resource_type(t.segments[0]))
    return fail(error_response(404, "not-found", "unknown resource type"));
  if (t.segments.size() >= 2 && !is_valid_id(t.segments[1]) && t.segments[1] != "_search") {
    return fail(error_response(400, "value", "resource ids match [A-Za-z0-9\\-\\.]{1,64}"));
  }
  if (auto not_json = check_accept(req, t.query)) return fail(std::move(*not_json));
  return t;
}

HttpResponse resource_response(int status, const StoredResource& r, const HttpRequest& req,
                               const Context& ctx, bool location) {
  HttpResponse resp;
  resp.status = status;
  if (!prefers_minimal(req)) resp.body = r.json;
  resp.headers.emplace_back("ETag", "W/\"" + std::to_string(r.version) + "\"");
  resp.headers.emplace_back("Last-Modified", http_date(r.last_updated));
  if (location) {
    resp.headers.emplace_back("Location", base_url(req, ctx) + "/" + r.type + "/" + r.id + "/_history/" +
                                              std::to_string(r.version));
  }
  return resp;
}

void notify(const Context& ctx, const StoredRef& ref) {
  if (ref.type == "DiagnosticReport" && ctx.options.on_report_stored) ctx.options.on_report_stored(ref);
}

HttpResponse write_response(const StoreResult<WriteResult>& w, const HttpRequest& req, const Context& ctx) {
  if (!w.ok()) return error(w.error());
  const StoredResource& r = w->resource;
  if (w->kind == WriteKind::created || w->kind == WriteKind::updated)
    notify(ctx, StoredRef{r.type, r.id, r.version});
  const bool created = w->kind == WriteKind::created;
  return resource_response(created ? 201 : 200, r, req, ctx, created);
}

HttpResponse handle_get(const HttpRequest& req, const Context& ctx) {
  auto t = parse_target(req, ctx);
  if (!t.ok()) return std::move(t).error();
  const auto& seg = t->segments;
  const std::string& type = seg[0];
  if (seg.size() == 1) {
    auto q = parse_search(t->query);
    if (!q.ok()) return outcome_response(400, q.error());
    auto page = ctx.store.search(type, *q);
    if (!page.ok()) return error(page.error());
    HttpResponse resp;
    resp.body = write_json(searchset_bundle(type, *q, *page, base_url(req, ctx)));
    return resp;
  }
  const bool vread = seg.size() == 4 && seg[2] == "_history";
  if (seg.size() != 2 && !vread) return error_response(404, "not-found", "no such FHIR endpoint");
  auto r = ctx.store.read(type, seg[1]);
  if (!r.ok()) return error(r.error());
  if (vread && seg[3] != std::to_string(r->version)) {
    return error_response(404, "not-found", "only the current version is kept");
  }
  return resource_response(200, *r, req, ctx, false);
}

HttpResponse handle_post(const HttpRequest& req, const Context& ctx) {
  auto t = parse_target(req, ctx);
  if (!t.ok()) return std::move(t).error();
  if (t->segments.size() != 1 || t->has_query) {
    return error_response(404, "not-supported", "POST supports [base] and [base]/[type] only");
  }
  if (auto bad = check_body(req, ctx)) return std::move(*bad);
  QueryParams criteria;
  if (const std::string* ine = req.header("if-none-exist")) {
    std::string_view text(*ine);
    if (auto q = text.find('?'); q != std::string_view::npos) text.remove_prefix(q + 1);  // "Type?a=b"
    auto parsed = parse_query(text);
    if (!parsed.ok()) return error_response(400, "value", "If-None-Exist: " + parsed.error());
    criteria = std::move(*parsed);
  }
  auto w = ctx.store.create(t->segments[0], req.body, ctx.options.clock(), criteria);
  return write_response(w, req, ctx);
}

HttpResponse handle_put(const HttpRequest& req, const Context& ctx) {
  auto t = parse_target(req, ctx);
  if (!t.ok()) return std::move(t).error();
  if (auto bad = check_body(req, ctx)) return std::move(*bad);
  const auto& seg = t->segments;
  if (seg.size() == 2 && !t->has_query)
    return write_response(ctx.store.update(seg[0], seg[1], req.body, ctx.options.clock()), req, ctx);
  if (seg.size() == 1 && !t->query.empty()) {
    return write_response(ctx.store.conditional_update(seg[0], t->query, req.body, ctx.options.clock()), req,
                          ctx);
  }
  return error_response(400, "not-supported", "PUT needs [type]/[id] or [type]?criteria");
}

HttpResponse handle_delete(const HttpRequest& req, const Context& ctx) {
  auto t = parse_target(req, ctx);
  if (!t.ok()) return std::move(t).error();
  if (t->segments.size() != 2 || t->has_query) {
    return error_response(400, "not-supported",
                          "DELETE needs [type]/[id]; conditional delete is not supported");
  }
  auto w = ctx.store.remove(t->segments[0], t->segments[1], ctx.options.clock());
  if (!w.ok()) return error(w.error());
  HttpResponse resp;
  resp.status = 204;
  if (w->kind == WriteKind::deleted)
    resp.headers.emplace_back("ETag", "W/\"" + std::to_string(w->resource.version) + "\"");
  return resp;
}

HttpResponse handle_bundle(const HttpRequest& req, const Context& ctx) {
  const std::size_t q = req.target.find('?');
  auto query =
      parse_query(q == std::string::npos ? std::string_view() : std::string_view(req.target).substr(q + 1));
  if (!query.ok()) return error_response(400, "value", query.error());
  if (auto not_json = check_accept(req, *query)) return std::move(*not_json);
  if (auto bad = check_body(req, ctx)) return std::move(*bad);
  auto result = ctx.store.process_bundle(req.body, ctx.options.clock(), base_url(req, ctx));
  if (!result.ok()) return error(result.error());
  for (const auto& ref : result->changed) notify(ctx, ref);
  HttpResponse resp;
  resp.body = std::move(result->json);
  return resp;
}

}  // namespace

void add_fhir_routes(Router& router, FhirStore& store, FhirRestOptions options) {
  auto ctx = std::make_shared<Context>(Context{store, std::move(options)});
  const std::string base = ctx->options.base_path;
  router.add("GET", base + "/metadata", [ctx](const HttpRequest& req) {
    HttpResponse resp;
    resp.body =
        capability_statement(ctx->options.clock(), ctx->options.software_version, base_url(req, *ctx));
    return resp;
  });
  router.add("POST", base, [ctx](const HttpRequest& req) { return handle_bundle(req, *ctx); });
  router.add_prefix("GET", base + "/", [ctx](const HttpRequest& req) { return handle_get(req, *ctx); });
  router.add_prefix("POST", base + "/", [ctx](const HttpRequest& req) { return handle_post(req, *ctx); });
  router.add_prefix("PUT", base + "/", [ctx](const HttpRequest& req) { return handle_put(req, *ctx); });
  router.add_prefix("DELETE", base + "/", [ctx](const HttpRequest& req) { return handle_delete(req, *ctx); });
}

}  // namespace sarcoma::service::store
