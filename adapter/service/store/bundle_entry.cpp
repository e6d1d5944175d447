#include "adapter/service/store/bundle_entry.hpp"

#include "adapter/service/store/resource_ops.hpp"
#include "adapter/service/store/resource_types.hpp"

namespace sarcoma::service::store {

StoreError at(StoreError e, const std::string& path) {
  for (auto& issue : e.issues) {
    if (issue.expression.empty()) issue.expression = path;
  }
  return e;
}

StoreError entry_error(int status, std::string code, std::string diagnostics, const std::string& path) {
  return store_error(status, std::move(code), std::move(diagnostics), path);
}

namespace {

// request.url: "Type", "Type/id" or "Type?query" (relative to the base).
StoreResult<Ok> parse_url(BundleEntry& e, std::string_view url) {
  const std::string where = e.path + ".request.url";
  if (url.substr(0, url.find('?')).find("://") != std::string_view::npos) {
    return fail(entry_error(400, "not-supported", "absolute request URLs are not supported", where));
  }
  if (!url.empty() && url.front() == '/') url.remove_prefix(1);
  std::size_t q = url.find('?');
  std::string_view path = url.substr(0, q);
  if (q != std::string_view::npos) {
    e.has_query = true;
    auto params = parse_query(url.substr(q + 1));
    if (!params.ok()) return fail(entry_error(400, "value", params.error(), where));
    e.query = std::move(*params);
  }
  std::size_t slash = path.find('/');
  auto type = percent_decode(path.substr(0, slash), false);
  if (!type || !is_resource_type(*type)) {
    return fail(
        entry_error(400, "not-supported", "request.url does not start with a known resource type", where));
  }
  e.type = std::move(*type);
  if (slash != std::string_view::npos) {
    auto id = percent_decode(path.substr(slash + 1), false);
    if (!id || !is_valid_id(*id)) {
      return fail(
          entry_error(400, "not-supported", "request.url must be Type, Type/id or Type?criteria", where));
    }
    e.id = std::move(*id);
  }
  return Ok{};
}

}  // namespace

StoreResult<Ok> parse_entry(BundleEntry& e, Json& entry) {
  if (!entry.is_object()) return fail(entry_error(400, "structure", "entry must be a JSON object", e.path));
  const Json* request = entry.find("request");
  if (!request || !request->is_object()) {
    return fail(entry_error(400, "required", "entry.request is missing", e.path + ".request"));
  }
  const std::string* method = request->string_member("method");
  const std::string* url = request->string_member("url");
  if (!method)
    return fail(entry_error(400, "required", "request.method is missing", e.path + ".request.method"));
  if (!url) return fail(entry_error(400, "required", "request.url is missing", e.path + ".request.url"));
  if (*method == "GET") {
    e.method = EntryMethod::get;
  } else if (*method == "POST") {
    e.method = EntryMethod::post;
  } else if (*method == "PUT") {
    e.method = EntryMethod::put;
  } else if (*method == "DELETE") {
    e.method = EntryMethod::del;
  } else {
    return fail(entry_error(400, "not-supported", "request.method must be GET, POST, PUT or DELETE",
                            e.path + ".request.method"));
  }
  if (auto ok = parse_url(e, *url); !ok.ok()) return ok;

  const bool plain_instance = !e.id.empty() && !e.has_query;
  const bool type_query = e.id.empty() && e.has_query;
  bool shape_ok = false;
  switch (e.method) {
    case EntryMethod::post: shape_ok = e.id.empty() && !e.has_query; break;
    case EntryMethod::put: shape_ok = plain_instance || type_query; break;
    case EntryMethod::del: shape_ok = plain_instance; break;
    case EntryMethod::get: shape_ok = !e.id.empty() ? !e.has_query : true; break;
  }
  if (!shape_ok) {
    return fail(entry_error(
        400, "not-supported",
        "unsupported request.url for " + *method + " (conditional delete and operations are not supported)",
        e.path + ".request.url"));
  }
  if (const std::string* full_url = entry.string_member("fullUrl")) e.full_url = *full_url;
  if (e.method == EntryMethod::post) {
    if (const std::string* ine = request->string_member("ifNoneExist")) {
      std::string_view criteria(*ine);
      if (auto q = criteria.find('?'); q != std::string_view::npos)
        criteria.remove_prefix(q + 1);  // "Type?a=b"
      auto params = parse_query(criteria);
      if (!params.ok())
        return fail(entry_error(400, "value", params.error(), e.path + ".request.ifNoneExist"));
      e.if_none_exist = std::move(*params);
    }
  }
  if (e.method == EntryMethod::post || e.method == EntryMethod::put) {
    e.resource = entry.find("resource");
    if (!e.resource)
      return fail(entry_error(400, "required", "entry.resource is missing", e.path + ".resource"));
    if (auto ok = check_resource(*e.resource, e.type, e.path + ".resource"); !ok.ok()) return ok;
    const std::string* body_id = e.resource->string_member("id");
    if (e.method == EntryMethod::put && !e.has_query && (!body_id || *body_id != e.id)) {
      // As for PUT [type]/[id] outside a Bundle: the body names the resource it updates.
      return fail(entry_error(400, body_id ? "invalid" : "required",
                              "resource.id must equal the id in request.url", e.path + ".resource.id"));
    }
  }
  return Ok{};
}

}  // namespace sarcoma::service::store
