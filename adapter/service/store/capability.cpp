#include "adapter/service/store/capability.hpp"

#include "adapter/service/store/json_value.hpp"
#include "adapter/service/store/resource_types.hpp"

namespace sarcoma::service::store {
namespace {

Json codes(std::initializer_list<const char*> values, const char* key) {
  Json list = Json::array();
  for (const char* v : values) {
    Json item = Json::object();
    item.set(key, Json::string(v));
    list.push(std::move(item));
  }
  return list;
}

Json search_param(const char* name, const char* type, const char* documentation) {
  Json p = Json::object();
  p.set("name", Json::string(name));
  p.set("type", Json::string(type));
  p.set("documentation", Json::string(documentation));
  return p;
}

}  // namespace

std::string capability_statement(Millis now, std::string_view software_version, std::string_view base_url) {
  Json cs = Json::object();
  cs.set("resourceType", Json::string("CapabilityStatement"));
  cs.set("status", Json::string("active"));
  cs.set("date", Json::string(fhir_instant(now)));
  cs.set("kind", Json::string("instance"));
  Json software = Json::object();
  software.set("name", Json::string("sarcoma-adapter embedded FHIR store"));
  if (!software_version.empty()) software.set("version", Json::string(std::string(software_version)));
  cs.set("software", std::move(software));
  Json implementation = Json::object();
  implementation.set("description", Json::string("sarcoma-adapter results and review worklist"));
  if (!base_url.empty()) implementation.set("url", Json::string(std::string(base_url)));
  cs.set("implementation", std::move(implementation));
  cs.set("fhirVersion", Json::string("4.0.1"));
  Json formats = Json::array();
  formats.push(Json::string("application/fhir+json"));
  formats.push(Json::string("json"));
  cs.set("format", std::move(formats));

  Json params = Json::array();
  params.push(search_param("_id", "token", "logical id, comma-separated alternatives"));
  params.push(search_param("identifier", "token", "system|value, value, |value or system|"));
  params.push(search_param("status", "token", "the resource's status code"));
  params.push(search_param("subject", "reference", "Type/id or id"));
  params.push(
      search_param("patient", "reference", "subject or for pointing at a Patient, or the patient element"));
  params.push(search_param("focus", "reference", "Type/id or id"));
  params.push(search_param("for", "reference", "Type/id or id"));
  params.push(search_param("derived-from", "reference", "Type/id or id (Observation.derivedFrom)"));

  Json resources = Json::array();
  for (std::string_view type : resource_types()) {
    Json r = Json::object();
    r.set("type", Json::string(std::string(type)));
    r.set("interaction", codes({"read", "vread", "update", "delete", "create", "search-type"}, "code"));
    r.set("versioning", Json::string("versioned"));
    r.set("readHistory", Json::from_bool(false));
    r.set("updateCreate", Json::from_bool(true));
    r.set("conditionalCreate", Json::from_bool(true));
    r.set("conditionalUpdate", Json::from_bool(true));
    r.set("conditionalDelete", Json::string("not-supported"));
    resources.push(std::move(r));
  }
  Json rest = Json::object();
  rest.set("mode", Json::string("server"));
  rest.set("documentation",
           Json::string("Search: _count, _offset (paging), _sort=_lastUpdated|-_lastUpdated, _summary=count. "
                        "Unsupported parameters are refused with 400."));
  rest.set("resource", std::move(resources));
  rest.set("interaction", codes({"transaction", "batch"}, "code"));
  rest.set("searchParam", std::move(params));
  Json rests = Json::array();
  rests.push(std::move(rest));
  cs.set("rest", std::move(rests));
  return write_json(cs);
}

}  // namespace sarcoma::service::store
