#include "adapter/service/store/search_index.hpp"

#include <algorithm>
#include <tuple>

#include "adapter/service/store/resource_types.hpp"

namespace sarcoma::service::store {
namespace {

// An element that may repeat: calls f for the object itself or each object in the array.
template <class F>
void each_object(const Json* element, F&& f) {
  if (!element) return;
  if (element->is_object()) {
    f(*element);
  } else if (element->is_array()) {
    for (const auto& item : element->items) {
      if (item.is_object()) f(item);
    }
  }
}

}  // namespace

std::optional<ReferenceKey> reference_key(std::string_view reference, bool allow_bare) {
  if (reference.empty() || reference.front() == '#' || reference.substr(0, 4) == "urn:" ||
      reference.find('?') != std::string_view::npos) {
    return std::nullopt;
  }
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = reference.find('/', start);
    segments.push_back(reference.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (segments.size() >= 4 && segments[segments.size() - 2] == "_history")
    segments.resize(segments.size() - 2);
  const std::size_t n = segments.size();
  if (n >= 2 && is_resource_type(segments[n - 2]) && is_valid_id(segments[n - 1])) {
    return ReferenceKey{std::string(segments[n - 2]), std::string(segments[n - 1])};
  }
  if (n == 1 && allow_bare && is_valid_id(segments[0])) return ReferenceKey{"", std::string(segments[0])};
  return std::nullopt;
}

std::vector<IndexEntry> index_entries(const Json& resource) {
  std::vector<IndexEntry> out;
  if (!resource.is_object()) return out;
  each_object(resource.find("identifier"), [&](const Json& identifier) {
    const std::string* value = identifier.string_member("value");
    if (!value) return;
    const std::string* system = identifier.string_member("system");
    out.push_back(IndexEntry{"identifier", system ? *system : std::string(), *value});
  });
  if (const std::string* status = resource.string_member("status")) {
    out.push_back(IndexEntry{"status", "", *status});
  }
  // Search parameter -> element: the same name, except derived-from (Observation.derivedFrom).
  const std::pair<const char*, const char*> reference_params[] = {
      {"subject", "subject"}, {"focus", "focus"}, {"for", "for"}, {"patient", "patient"}, {"derived-from", "derivedFrom"}};
  for (const auto& [param, element] : reference_params) {
    const std::string_view name(param);
    each_object(resource.find(element), [&](const Json& ref) {
      const std::string* text = ref.string_member("reference");
      if (!text) return;
      auto key = reference_key(*text, false);
      if (!key) return;
      // `patient` searches subject/for when they point at a Patient (R4 Observation, DiagnosticReport, Task).
      if ((name == "subject" || name == "for") && key->type == "Patient") {
        out.push_back(IndexEntry{"patient", key->type, key->id});
      }
      out.push_back(IndexEntry{std::string(name), std::move(key->type), std::move(key->id)});
    });
  }
  auto tie = [](const IndexEntry& e) { return std::tie(e.param, e.system, e.value); };
  std::sort(out.begin(), out.end(),
            [&](const IndexEntry& a, const IndexEntry& b) { return tie(a) < tie(b); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace sarcoma::service::store
