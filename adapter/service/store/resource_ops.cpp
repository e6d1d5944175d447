#include "adapter/service/store/resource_ops.hpp"

#include "adapter/service/store/resource_types.hpp"

namespace sarcoma::service::store {
namespace {

std::string join(std::string_view where, std::string_view element) {
  return std::string(where) + "." + std::string(element);
}

// Member order resourceType, id, meta, then as sent, with the store-owned meta fields removed.
// Content comparison uses write_canonical_json on top, so member order never counts as a change.
Json normalised(Json r, std::string_view id) {
  Json out = Json::object();
  out.members.reserve(r.members.size() + 2);
  if (Json* type = r.find("resourceType")) out.set("resourceType", std::move(*type));
  out.set("id", Json::string(std::string(id)));
  if (Json* meta = r.find("meta"); meta && meta->is_object()) {
    meta->erase("versionId");
    meta->erase("lastUpdated");
    if (!meta->members.empty()) out.set("meta", std::move(*meta));
  }
  for (auto& m : r.members) {
    if (m.key != "resourceType" && m.key != "id" && m.key != "meta") out.members.push_back(std::move(m));
  }
  return out;
}

// Adds meta.versionId and meta.lastUpdated (first in meta) to a normalised resource.
void stamp(Json& r, std::int64_t version, Millis now) {
  Json meta = Json::object();
  meta.set("versionId", Json::string(std::to_string(version)));
  meta.set("lastUpdated", Json::string(fhir_instant(now)));
  if (Json* existing = r.find("meta")) {
    for (auto& m : existing->members) meta.members.push_back(std::move(m));
    *existing = std::move(meta);
  } else {
    r.members.insert(r.members.begin() + 2, JsonMember{"meta", std::move(meta)});  // after resourceType, id
  }
}

}  // namespace

StoreError store_error(int status, std::string code, std::string diagnostics, std::string expression) {
  return StoreError{status,
                    {fhir::Issue{fhir::Severity::error,
                                 std::move(code),
                                 std::move(diagnostics),
                                 std::move(expression),
                                 {},
                                 {},
                                 {}}}};
}

StoreResult<Ok> check_target(std::string_view type, std::string_view id) {
  if (!is_resource_type(type)) return fail(store_error(400, "not-supported", "unknown resource type"));
  if (!id.empty() && !is_valid_id(id)) {
    return fail(store_error(400, "value", "resource ids match [A-Za-z0-9\\-\\.]{1,64}"));
  }
  return Ok{};
}

StoreResult<Json> parse_resource(std::string_view text, std::string_view expected_type,
                                 std::string_view where, const StoreLimits& limits) {
  auto parsed = parse_json(text, limits.max_depth, where);
  if (!parsed.ok()) return fail(StoreError{400, {parsed.error()}});
  if (auto ok = check_resource(*parsed, expected_type, where); !ok.ok()) return fail(std::move(ok).error());
  return std::move(parsed).value();
}

StoreResult<Ok> check_resource(const Json& r, std::string_view expected_type, std::string_view where) {
  if (!r.is_object())
    return fail(store_error(400, "structure", "a resource must be a JSON object", std::string(where)));
  const std::string* type = r.string_member("resourceType");
  if (!type)
    return fail(store_error(400, "required", "resourceType is missing", join(where, "resourceType")));
  // Only a known type name is echoed: the field may hold anything.
  if (!expected_type.empty() && *type != expected_type) {
    return fail(store_error(422, "processing",
                            "resourceType " + (is_resource_type(*type) ? *type : std::string("(unknown)")) +
                                " does not match " + std::string(expected_type),
                            join(where, "resourceType")));
  }
  if (!is_resource_type(*type)) {
    return fail(store_error(400, "not-supported", "unknown resourceType", join(where, "resourceType")));
  }
  if (const Json* id = r.find("id")) {
    if (!id->is_string() || !is_valid_id(id->text)) {
      return fail(store_error(400, "value", "id must match [A-Za-z0-9\\-\\.]{1,64}", join(where, "id")));
    }
  }
  if (const Json* meta = r.find("meta"); meta && !meta->is_object()) {
    return fail(store_error(400, "structure", "meta must be a JSON object", join(where, "meta")));
  }
  return Ok{};
}

StoreResult<WriteResult> put_version(StoreBackend& backend, std::string_view type, std::string_view id,
                                     Json resource, Millis now, const StoreLimits& limits) {
  Json next = normalised(std::move(resource), id);
  auto current = backend.get(type, id);
  if (!current.ok()) return fail(std::move(current).error());
  std::int64_t version = 1;
  WriteKind kind = WriteKind::created;
  if (*current) {
    const StoredResource& cur = **current;
    version = cur.version + 1;
    if (!cur.deleted) {
      kind = WriteKind::updated;
      auto old = parse_json(cur.json, limits.max_depth, type);
      if (old.ok() && write_canonical_json(normalised(std::move(*old), id)) == write_canonical_json(next)) {
        return WriteResult{WriteKind::unchanged, cur};
      }
    }
  }
  std::vector<IndexEntry> index = index_entries(next);
  stamp(next, version, now);
  StoredResource row{std::string(type), std::string(id), version, now, false, write_json(next)};
  if (auto put = backend.put(row, index); !put.ok()) return fail(std::move(put).error());
  return WriteResult{kind, std::move(row)};
}

StoreResult<std::string> fresh_id(StoreBackend& backend, std::string_view type) {
  for (int attempt = 0; attempt < 4; ++attempt) {
    std::string id = backend.new_id();
    if (!is_valid_id(id)) break;
    auto existing = backend.get(type, id);
    if (!existing.ok()) return fail(std::move(existing).error());
    if (!*existing) return id;
  }
  return fail(store_error(500, "exception", "the id generator gave no usable id"));
}

StoreResult<std::vector<std::string>> match_ids(StoreBackend& backend, std::string_view type,
                                                const SearchQuery& criteria) {
  SearchQuery q = criteria;
  q.count = 2;
  q.offset = 0;
  q.summary_count = false;
  q.sort = SortOrder::stored;
  auto page = backend.search(type, q);
  if (!page.ok()) return fail(std::move(page).error());
  std::vector<std::string> ids;
  for (auto& r : page->resources) ids.push_back(std::move(r.id));
  return ids;
}

namespace {

StoreResult<SearchQuery> criteria_query(const QueryParams& criteria) {
  auto q = parse_criteria(criteria);
  if (!q.ok()) return fail(StoreError{400, std::move(q).error()});
  return std::move(q).value();
}

StoreError multiple_matches(std::string_view type) {
  return store_error(412, "multiple-matches",
                     "the criteria match more than one " + std::string(type) + "; refine them");
}

}  // namespace

StoreResult<WriteResult> create_resource(StoreBackend& backend, std::string_view type, Json resource,
                                         Millis now, const QueryParams& if_none_exist,
                                         const StoreLimits& limits) {
  if (!if_none_exist.empty()) {
    auto criteria = criteria_query(if_none_exist);
    if (!criteria.ok()) return fail(std::move(criteria).error());
    auto ids = match_ids(backend, type, *criteria);
    if (!ids.ok()) return fail(std::move(ids).error());
    if (ids->size() > 1) return fail(multiple_matches(type));
    if (ids->size() == 1) {
      auto existing = read_resource(backend, type, ids->front());
      if (!existing.ok()) return fail(std::move(existing).error());
      return WriteResult{WriteKind::existing, std::move(existing).value()};
    }
  }
  auto id = fresh_id(backend, type);  // FHIR: a create ignores the id in the body
  if (!id.ok()) return fail(std::move(id).error());
  return put_version(backend, type, *id, std::move(resource), now, limits);
}

StoreResult<WriteResult> update_resource(StoreBackend& backend, std::string_view type, std::string_view id,
                                         Json resource, Millis now, std::string_view where,
                                         const StoreLimits& limits) {
  const std::string* body_id = resource.string_member("id");
  if (!body_id)
    return fail(store_error(400, "required", "an update must carry the resource id", join(where, "id")));
  if (*body_id != id) {
    return fail(
        store_error(400, "invalid", "the id in the body differs from the id in the URL", join(where, "id")));
  }
  return put_version(backend, type, id, std::move(resource), now, limits);
}

StoreResult<WriteResult> conditional_update_resource(StoreBackend& backend, std::string_view type,
                                                     const QueryParams& criteria, Json resource, Millis now,
                                                     std::string_view where, const StoreLimits& limits) {
  auto q = criteria_query(criteria);
  if (!q.ok()) return fail(std::move(q).error());
  auto ids = match_ids(backend, type, *q);
  if (!ids.ok()) return fail(std::move(ids).error());
  if (ids->size() > 1) return fail(multiple_matches(type));
  const std::string* body_id = resource.string_member("id");
  std::string id;
  if (ids->size() == 1) {
    id = ids->front();
    if (body_id && *body_id != id) {
      return fail(store_error(400, "invalid",
                              "the id in the body differs from the resource the criteria match",
                              join(where, "id")));
    }
  } else if (body_id) {
    id = *body_id;  // FHIR: no match with an id -> update-as-create at that id
  } else {
    auto fresh = fresh_id(backend, type);
    if (!fresh.ok()) return fail(std::move(fresh).error());
    id = std::move(*fresh);
  }
  return put_version(backend, type, id, std::move(resource), now, limits);
}

StoreResult<WriteResult> delete_resource(StoreBackend& backend, std::string_view type, std::string_view id,
                                         Millis now) {
  auto current = backend.get(type, id);
  if (!current.ok()) return fail(std::move(current).error());
  if (!*current || (*current)->deleted) {
    return WriteResult{WriteKind::absent, StoredResource{std::string(type), std::string(id), 0, 0, true, {}}};
  }
  StoredResource row{std::string(type), std::string(id), (*current)->version + 1, now, true, {}};
  if (auto put = backend.put(row, {}); !put.ok()) return fail(std::move(put).error());
  return WriteResult{WriteKind::deleted, std::move(row)};
}

StoreResult<StoredResource> read_resource(StoreBackend& backend, std::string_view type, std::string_view id) {
  auto current = backend.get(type, id);
  if (!current.ok()) return fail(std::move(current).error());
  const std::string ref = std::string(type) + "/" + std::string(id);
  if (!*current) return fail(store_error(404, "not-found", ref + " is not known"));
  if ((*current)->deleted) return fail(store_error(410, "deleted", ref + " has been deleted"));
  return std::move(**current);
}

}  // namespace sarcoma::service::store
