#include "adapter/service/store/bundle_ops.hpp"

#include <algorithm>
#include <map>

#include "adapter/service/store/bundle_entry.hpp"
#include "adapter/service/store/bundle_json.hpp"
#include "adapter/service/store/json_value.hpp"
#include "adapter/service/store/resource_ops.hpp"

namespace sarcoma::service::store {
namespace {

StoreResult<SearchQuery> criteria_of(const QueryParams& params, const std::string& where) {
  auto q = parse_criteria(params);
  if (!q.ok()) {
    StoreError e{400, std::move(q).error()};
    return fail(at(std::move(e), where));
  }
  return std::move(q).value();
}

// Decides which resource each writing entry touches, searching conditional entries against the
// state before the Bundle.
StoreResult<Ok> resolve(StoreBackend& backend, BundleEntry& e) {
  const std::string where = e.path + ".request";
  auto conditional = [&](const QueryParams& params) -> StoreResult<std::vector<std::string>> {
    auto q = criteria_of(params, where);
    if (!q.ok()) return fail(std::move(q).error());
    auto ids = match_ids(backend, e.type, *q);
    if (!ids.ok()) return fail(at(std::move(ids).error(), where));
    if (ids->size() > 1) {
      return fail(entry_error(412, "multiple-matches", "the criteria match more than one " + e.type, where));
    }
    return std::move(ids).value();
  };
  auto new_id = [&]() -> StoreResult<Ok> {
    auto id = fresh_id(backend, e.type);
    if (!id.ok()) return fail(at(std::move(id).error(), e.path));
    e.target_id = std::move(*id);
    e.creates = true;
    return Ok{};
  };
  switch (e.method) {
    case EntryMethod::post: {
      if (!e.if_none_exist.empty()) {
        auto ids = conditional(e.if_none_exist);
        if (!ids.ok()) return fail(std::move(ids).error());
        if (ids->size() == 1) {
          e.target_id = ids->front();
          e.matched_existing = true;
          return Ok{};
        }
      }
      return new_id();
    }
    case EntryMethod::put: {
      if (!e.has_query) {
        e.target_id = e.id;
        return Ok{};
      }
      auto ids = conditional(e.query);
      if (!ids.ok()) return fail(std::move(ids).error());
      const std::string* body_id = e.resource->string_member("id");
      if (ids->size() == 1) {
        if (body_id && *body_id != ids->front()) {
          return fail(entry_error(400, "invalid", "resource.id differs from the resource the criteria match",
                                  e.path + ".resource.id"));
        }
        e.target_id = ids->front();
        return Ok{};
      }
      if (body_id) {
        e.target_id = *body_id;
        e.creates = true;
        return Ok{};
      }
      return new_id();
    }
    case EntryMethod::del: e.target_id = e.id; return Ok{};
    case EntryMethod::get: return Ok{};
  }
  return Ok{};
}

// Two entries writing one resource, or two conditional creates with the same criteria (which
// would create it twice), make the result depend on entry order: FHIR calls that an error.
StoreResult<Ok> check_distinct(const std::vector<BundleEntry>& entries) {
  std::map<std::string, std::size_t> targets;
  std::map<std::string, std::size_t> created_by_criteria;
  for (const auto& e : entries) {
    if (e.method == EntryMethod::get || e.matched_existing) continue;
    auto [it, fresh] = targets.emplace(e.type + "/" + e.target_id, e.index);
    if (!fresh) {
      return fail(entry_error(400, "duplicate",
                              "writes the same resource as Bundle.entry[" + std::to_string(it->second) + "]",
                              e.path));
    }
    const QueryParams& criteria = e.method == EntryMethod::post ? e.if_none_exist : e.query;
    if (e.creates && !criteria.empty()) {
      auto [c, first] = created_by_criteria.emplace(e.type + "?" + build_query(criteria), e.index);
      if (!first) {
        return fail(entry_error(
            400, "duplicate",
            "has the same conditional criteria as Bundle.entry[" + std::to_string(c->second) + "]", e.path));
      }
    }
  }
  return Ok{};
}

// Rewrites every `reference` naming an entry's fullUrl; a urn: reference naming no entry is an error.
StoreResult<Ok> rewrite_references(Json& node, const std::map<std::string, std::string>& ids,
                                   const std::string& path) {
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      if (auto ok = rewrite_references(node.items[i], ids, path + "[" + std::to_string(i) + "]"); !ok.ok())
        return ok;
    }
  } else if (node.is_object()) {
    for (auto& m : node.members) {
      if (m.key == "reference" && m.value.is_string()) {
        if (auto it = ids.find(m.value.text); it != ids.end()) {
          m.value.text = it->second;
        } else if (m.value.text.rfind("urn:uuid:", 0) == 0 || m.value.text.rfind("urn:oid:", 0) == 0) {
          return fail(entry_error(400, "not-found", "reference to a fullUrl that no entry of the Bundle has",
                                  path + ".reference"));
        }
      } else if (m.value.is_object() || m.value.is_array()) {
        if (auto ok = rewrite_references(m.value, ids, path + "." + m.key); !ok.ok()) return ok;
      }
    }
  }
  return Ok{};
}

std::string with_base(std::string_view base_url, const std::string& relative) {
  return base_url.empty() ? relative : std::string(base_url) + "/" + relative;
}

// Runs one resolved entry; fills e.response. `changed` collects written versions.
StoreResult<Ok> execute(StoreBackend& backend, BundleEntry& e, Millis now, std::string_view base_url,
                        const StoreLimits& limits, std::vector<std::pair<std::size_t, StoredRef>>& changed) {
  e.response = Json::object();
  auto written = [&](const WriteResult& w) {
    int status = w.kind == WriteKind::created ? 201 : 200;
    e.status = status;
    e.response.set("fullUrl", Json::string(with_base(base_url, w.resource.type + "/" + w.resource.id)));
    e.response.set("response", version_response(status, w.resource));
    if (w.kind == WriteKind::created || w.kind == WriteKind::updated) {
      changed.emplace_back(e.index, StoredRef{w.resource.type, w.resource.id, w.resource.version});
    }
  };
  switch (e.method) {
    case EntryMethod::post:
    case EntryMethod::put: {
      if (e.matched_existing) {
        auto existing = read_resource(backend, e.type, e.target_id);
        if (!existing.ok()) return fail(at(std::move(existing).error(), e.path));
        written(WriteResult{WriteKind::existing, std::move(existing).value()});
        return Ok{};
      }
      auto w = put_version(backend, e.type, e.target_id, std::move(*e.resource), now, limits);
      if (!w.ok()) return fail(at(std::move(w).error(), e.path));
      written(*w);
      return Ok{};
    }
    case EntryMethod::del: {
      auto w = delete_resource(backend, e.type, e.target_id, now);
      if (!w.ok()) return fail(at(std::move(w).error(), e.path));
      e.status = 204;
      Json response = Json::object();
      response.set("status", Json::string(status_line(204)));
      e.response.set("response", std::move(response));
      return Ok{};
    }
    case EntryMethod::get: {
      if (!e.id.empty()) {
        auto r = read_resource(backend, e.type, e.id);
        if (!r.ok()) return fail(at(std::move(r).error(), e.path));
        e.response.set("fullUrl", Json::string(with_base(base_url, e.type + "/" + e.id)));
        e.response.set("resource", Json::raw(r->json));
        e.response.set("response", version_response(200, *r));
        return Ok{};
      }
      auto q = parse_search(e.query);
      if (!q.ok()) return fail(at(StoreError{400, std::move(q).error()}, e.path + ".request.url"));
      auto page = backend.search(e.type, *q);
      if (!page.ok()) return fail(at(std::move(page).error(), e.path));
      e.response.set("resource", searchset_bundle(e.type, *q, *page, base_url));
      Json response = Json::object();
      response.set("status", Json::string(status_line(200)));
      e.response.set("response", std::move(response));
      return Ok{};
    }
  }
  return Ok{};
}

int order_of(EntryMethod m) {
  switch (m) {
    case EntryMethod::del: return 0;
    case EntryMethod::post: return 1;
    case EntryMethod::put: return 2;
    case EntryMethod::get: return 3;
  }
  return 3;
}

StoreResult<Ok> run_transaction(StoreBackend& backend, std::vector<BundleEntry>& entries, Json& bundle,
                                Millis now, std::string_view base_url, const StoreLimits& limits,
                                std::vector<std::pair<std::size_t, StoredRef>>& changed) {
  Json* items = bundle.find("entry");
  for (auto& e : entries) {
    if (auto ok = parse_entry(e, items->items[e.index]); !ok.ok()) return ok;
  }
  std::map<std::string, std::string> ids;  // fullUrl -> Type/id
  for (auto& e : entries) {
    if (auto ok = resolve(backend, e); !ok.ok()) return ok;
    if (!e.full_url.empty() && e.method != EntryMethod::get && e.method != EntryMethod::del) {
      ids[e.full_url] = e.type + "/" + e.target_id;
    }
  }
  if (auto ok = check_distinct(entries); !ok.ok()) return ok;
  for (auto& e : entries) {
    if (!e.resource) continue;
    if (auto ok = rewrite_references(*e.resource, ids, e.path + ".resource"); !ok.ok()) return ok;
  }
  std::vector<BundleEntry*> order;
  for (auto& e : entries) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const BundleEntry* a, const BundleEntry* b) {
    return order_of(a->method) < order_of(b->method);
  });
  for (BundleEntry* e : order) {
    if (auto ok = execute(backend, *e, now, base_url, limits, changed); !ok.ok()) return ok;
  }
  return Ok{};
}

void run_batch(StoreBackend& backend, std::vector<BundleEntry>& entries, Json& bundle, Millis now,
               std::string_view base_url, const StoreLimits& limits,
               std::vector<std::pair<std::size_t, StoredRef>>& changed, StoreResult<Ok>& fatal) {
  Json* items = bundle.find("entry");
  for (auto& e : entries) {
    auto begun = backend.begin_nested();
    if (!begun.ok()) {
      fatal = fail(std::move(begun).error());
      return;
    }
    std::vector<std::pair<std::size_t, StoredRef>> entry_changed;
    StoreResult<Ok> r = parse_entry(e, items->items[e.index]);
    if (r.ok()) r = resolve(backend, e);
    if (r.ok()) r = execute(backend, e, now, base_url, limits, entry_changed);
    auto ended = backend.end_nested(r.ok());
    if (!ended.ok()) {
      fatal = fail(std::move(ended).error());
      return;
    }
    if (r.ok()) {
      changed.insert(changed.end(), entry_changed.begin(), entry_changed.end());
      continue;
    }
    e.status = r.error().status;
    e.response = Json::object();
    Json response = Json::object();
    response.set("status", Json::string(status_line(e.status)));
    response.set("outcome", outcome_json(r.error().issues));
    e.response.set("response", std::move(response));
  }
}

}  // namespace

StoreResult<BundleResult> run_bundle(StoreBackend& backend, std::string_view json, Millis now,
                                     std::string_view base_url, const StoreLimits& limits) {
  auto parsed = parse_json(json, limits.max_depth, "Bundle");
  if (!parsed.ok()) return fail(StoreError{400, {parsed.error()}});
  Json& bundle = *parsed;
  if (!bundle.is_object())
    return fail(store_error(400, "structure", "a Bundle must be a JSON object", "Bundle"));
  const std::string* resource_type = bundle.string_member("resourceType");
  if (!resource_type)
    return fail(store_error(400, "required", "resourceType is missing", "Bundle.resourceType"));
  if (*resource_type != "Bundle") {
    return fail(store_error(422, "processing", "POST to the base expects a Bundle", "Bundle.resourceType"));
  }
  const std::string* type = bundle.string_member("type");
  const bool transaction = type && *type == "transaction";
  if (!transaction && !(type && *type == "batch")) {
    return fail(store_error(400, "invalid", "Bundle.type must be transaction or batch", "Bundle.type"));
  }
  Json* items = bundle.find("entry");
  if (items && !items->is_array())
    return fail(store_error(400, "structure", "Bundle.entry must be an array", "Bundle.entry"));
  const std::size_t count = items ? items->items.size() : 0;
  if (count > limits.max_bundle_entries) {
    return fail(store_error(
        413, "too-costly",
        "more than " + std::to_string(limits.max_bundle_entries) + " entries in one Bundle", "Bundle.entry"));
  }
  std::vector<BundleEntry> entries(count);
  for (std::size_t i = 0; i < count; ++i) {
    entries[i].index = i;
    entries[i].path = "Bundle.entry[" + std::to_string(i) + "]";
  }
  std::vector<std::pair<std::size_t, StoredRef>> changed;
  if (transaction) {
    if (auto ok = run_transaction(backend, entries, bundle, now, base_url, limits, changed); !ok.ok()) {
      return fail(std::move(ok).error());
    }
  } else {
    StoreResult<Ok> fatal = Ok{};
    run_batch(backend, entries, bundle, now, base_url, limits, changed, fatal);
    if (!fatal.ok()) return fail(std::move(fatal).error());
  }

  Json response = Json::object();
  response.set("resourceType", Json::string("Bundle"));
  response.set("type", Json::string(transaction ? "transaction-response" : "batch-response"));
  Json out_entries = Json::array();
  for (auto& e : entries) out_entries.push(std::move(e.response));
  response.set("entry", std::move(out_entries));

  std::stable_sort(changed.begin(), changed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  BundleResult result;
  result.json = write_json(response);
  for (auto& [index, ref] : changed) result.changed.push_back(std::move(ref));
  return result;
}

}  // namespace sarcoma::service::store
