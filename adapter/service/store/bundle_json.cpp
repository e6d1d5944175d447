#include "adapter/service/store/bundle_json.hpp"

#include "fhir/json_codec.hpp"
#include "fhir/outcome.hpp"

namespace sarcoma::service::store {
namespace {

std::string with_base(std::string_view base_url, const std::string& relative) {
  return base_url.empty() ? relative : std::string(base_url) + "/" + relative;
}

std::string page_url(std::string_view type, std::string_view base_url, const SearchQuery& q,
                     std::int64_t offset, bool paging) {
  QueryParams params = q.link_params;
  if (paging) {
    params.emplace_back("_count", std::to_string(q.count));
    params.emplace_back("_offset", std::to_string(offset));
  }
  std::string url = with_base(base_url, std::string(type));
  if (!params.empty()) url += "?" + build_query(params);
  return url;
}

Json link(const char* relation, std::string url) {
  Json l = Json::object();
  l.set("relation", Json::string(relation));
  l.set("url", Json::string(std::move(url)));
  return l;
}

}  // namespace

Json searchset_bundle(std::string_view type, const SearchQuery& q, const SearchPage& page,
                      std::string_view base_url) {
  Json bundle = Json::object();
  bundle.set("resourceType", Json::string("Bundle"));
  bundle.set("type", Json::string("searchset"));
  bundle.set("total", Json::number(std::to_string(page.total)));
  Json links = Json::array();
  if (q.summary_count) {
    links.push(link("self", page_url(type, base_url, q, 0, false)));
  } else {
    links.push(link("self", page_url(type, base_url, q, q.offset, true)));
    links.push(link("first", page_url(type, base_url, q, 0, true)));
    if (q.offset > 0) {
      links.push(
          link("previous", page_url(type, base_url, q, q.offset > q.count ? q.offset - q.count : 0, true)));
    }
    if (q.offset + q.count < page.total)
      links.push(link("next", page_url(type, base_url, q, q.offset + q.count, true)));
  }
  bundle.set("link", std::move(links));
  if (!page.resources.empty()) {
    Json entries = Json::array();
    for (const auto& r : page.resources) {
      Json e = Json::object();
      e.set("fullUrl", Json::string(with_base(base_url, r.type + "/" + r.id)));
      e.set("resource", Json::raw(r.json));
      Json search = Json::object();
      search.set("mode", Json::string("match"));
      e.set("search", std::move(search));
      entries.push(std::move(e));
    }
    bundle.set("entry", std::move(entries));
  }
  return bundle;
}

std::string status_line(int status) {
  switch (status) {
    case 200: return "200 OK";
    case 201: return "201 Created";
    case 204: return "204 No Content";
    case 400: return "400 Bad Request";
    case 404: return "404 Not Found";
    case 409: return "409 Conflict";
    case 410: return "410 Gone";
    case 412: return "412 Precondition Failed";
    case 413: return "413 Payload Too Large";
    case 422: return "422 Unprocessable Entity";
    case 500: return "500 Internal Server Error";
    default: return std::to_string(status);
  }
}

Json version_response(int status, const StoredResource& r) {
  Json response = Json::object();
  response.set("status", Json::string(status_line(status)));
  response.set("location", Json::string(r.type + "/" + r.id + "/_history/" + std::to_string(r.version)));
  response.set("etag", Json::string("W/\"" + std::to_string(r.version) + "\""));
  response.set("lastModified", Json::string(fhir_instant(r.last_updated)));
  return response;
}

Json outcome_json(const fhir::Issues& issues) {
  return Json::raw(fhir::to_json(fhir::Resource(fhir::make_operation_outcome(issues))));
}

}  // namespace sarcoma::service::store
