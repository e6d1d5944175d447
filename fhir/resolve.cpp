#include "fhir/resolve.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace sarcoma::fhir {
namespace {

// hasMember chains deeper than this are reported, not followed (keeps recursion bounded).
constexpr std::size_t kMaxMemberDepth = 32;

struct Entry {
  const Resource* resource = nullptr;
  std::string_view full_url;
  std::string path;  // "Bundle.entry[2].resource" or the resource type at the top level
};

// A resolved target: the resource, where it sits, and how to resolve references made from it.
struct Target {
  const Resource* resource = nullptr;
  std::string citation;
  std::string path;
  const Entry* entry = nullptr;         // the Bundle entry (or root) holding it, for relative references
  const Resource* container = nullptr;  // whose `contained` a "#id" made from it searches
  std::string container_path;
};

// "http://x/fhir/Observation/1" -> "http://x/fhir"; "" when the URL has no RESTful base.
std::string_view rest_base(std::string_view url) {
  if (url.find("://") == std::string_view::npos) return {};
  std::size_t last = url.rfind('/');
  if (last == std::string_view::npos || last == 0) return {};
  std::size_t type = url.rfind('/', last - 1);
  if (type == std::string_view::npos) return {};
  return url.substr(0, type);
}

std::string_view strip_history(std::string_view ref) {
  std::size_t h = ref.find("/_history/");
  return h == std::string_view::npos ? ref : ref.substr(0, h);
}

std::string cite(const Entry& e) {
  std::string_view id = resource_id(*e.resource);
  if (!id.empty()) return std::string(resource_type_name(*e.resource)) + "/" + std::string(id);
  return std::string(e.full_url);
}

class Resolver {
 public:
  explicit Resolver(const Resource& root) {
    if (const auto* bundle = get_if<Bundle>(root)) {
      entries_.reserve(bundle->entry.size());
      for (std::size_t i = 0; i < bundle->entry.size(); ++i) {
        const BundleEntry& e = bundle->entry[i];
        if (!e.resource) continue;
        entries_.push_back(Entry{e.resource.get(), e.fullUrl.value ? std::string_view(*e.fullUrl.value) : "",
                                 "Bundle.entry[" + std::to_string(i) + "].resource"});
      }
    } else {
      entries_.push_back(Entry{&root, "", std::string(resource_type_name(root))});
    }
    // Indexes keep resolution linear in the size of the Bundle (first entry wins on duplicates).
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      if (!e.full_url.empty()) by_url_.emplace(strip_history(e.full_url), i);
      std::string_view id = resource_id(*e.resource);
      if (!id.empty())
        by_type_id_.emplace(std::string(resource_type_name(*e.resource)) + "/" + std::string(id), i);
    }
  }

  std::vector<ResolvedReport> run() {
    std::vector<ResolvedReport> out;
    for (const Entry& e : entries_) {
      const auto* report = get_if<DiagnosticReport>(*e.resource);
      if (!report) continue;
      ResolvedReport& rr = out.emplace_back();
      rr.report = report;
      rr.path = e.path;
      rr.reference = cite(e);
      report_ = &rr;
      seen_.clear();
      for (std::size_t i = 0; i < report->result.size(); ++i) {
        follow(report->result[i], e, e.resource, e.path, nullptr,
               e.path + ".result[" + std::to_string(i) + "]");
      }
    }
    return out;
  }

 private:
  void issue(const char* code, std::string diagnostics, const std::string& path) {
    Issue i;
    i.severity = Severity::warning;
    i.code = code;
    i.diagnostics = std::move(diagnostics);
    i.expression = path;
    report_->issues.push_back(std::move(i));
  }

  std::optional<Target> by_entry(const Entry& e) {
    Target t;
    t.resource = e.resource;
    t.citation = cite(e);
    t.path = e.path;
    t.entry = &e;
    t.container = e.resource;
    t.container_path = e.path;
    return t;
  }

  std::optional<Target> lookup(std::string_view ref, const Entry& from, const Resource* container,
                               const std::string& container_path) {
    if (!ref.empty() && ref[0] == '#') {
      const auto& contained = contained_of(*container);
      auto& index = contained_index_[container];
      if (index.empty()) {
        for (std::size_t k = 0; k < contained.size(); ++k) index.emplace(resource_id(contained[k]), k);
      }
      auto it = ref.size() > 1 ? index.find(ref.substr(1)) : index.end();
      if (it != index.end()) {
        std::size_t k = it->second;
        Target t;
        t.resource = &contained[k];
        t.citation = std::string(ref);
        t.path = container_path + ".contained[" + std::to_string(k) + "]";
        t.entry = &from;
        t.container = container;  // siblings in the same container reference each other by "#id"
        t.container_path = container_path;
        return t;
      }
      return std::nullopt;
    }
    ref = strip_history(ref);
    bool absolute = ref.find("://") != std::string_view::npos || ref.rfind("urn:", 0) == 0;
    if (absolute) {
      if (auto it = by_url_.find(ref); it != by_url_.end()) return by_entry(entries_[it->second]);
      // [base]/Type/id on the referring entry's own server: same as the relative form.
      std::string_view base = rest_base(from.full_url);
      if (base.empty() || ref.substr(0, base.size()) != base || ref.size() <= base.size() + 1 ||
          ref[base.size()] != '/') {
        return std::nullopt;
      }
      ref.remove_prefix(base.size() + 1);
    }
    // Relative Type/id: first on the referring entry's base, then by type and id.
    std::size_t slash = ref.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == ref.size()) return std::nullopt;
    if (std::string_view base = rest_base(from.full_url); !base.empty()) {
      std::string full = std::string(base) + "/" + std::string(ref);
      if (auto it = by_url_.find(full); it != by_url_.end()) return by_entry(entries_[it->second]);
    }
    if (auto it = by_type_id_.find(std::string(ref)); it != by_type_id_.end())
      return by_entry(entries_[it->second]);
    return std::nullopt;
  }

  void follow(const Reference& ref, const Entry& from, const Resource* container,
              const std::string& container_path, const Observation* parent, const std::string& path) {
    if (!ref.reference.value) {
      issue("not-supported", "reference without a literal 'reference' cannot be resolved", path);
      return;
    }
    const std::string& text = *ref.reference.value;
    auto target = lookup(text, from, container, container_path);
    if (!target) {
      issue("not-found", "reference '" + text.substr(0, 200) + "' does not resolve", path);
      return;
    }
    const auto* obs = get_if<Observation>(*target->resource);
    if (!obs) {
      issue("invalid",
            "reference points to a " + std::string(resource_type_name(*target->resource)) +
                ", not an Observation",
            path);
      return;
    }
    if (std::find(chain_.begin(), chain_.end(), obs) != chain_.end()) {
      issue("invalid", "circular hasMember reference", path);
      return;
    }
    if (seen_.count(obs)) return;  // reached twice: listed once
    if (chain_.size() >= kMaxMemberDepth) {
      issue("too-costly", "hasMember nesting too deep", path);
      return;
    }
    seen_.insert(obs);
    report_->observations.push_back(ResolvedObservation{obs, target->citation, target->path, parent});
    chain_.push_back(obs);
    for (std::size_t j = 0; j < obs->hasMember.size(); ++j) {
      follow(obs->hasMember[j], *target->entry, target->container, target->container_path, obs,
             target->path + ".hasMember[" + std::to_string(j) + "]");
    }
    chain_.pop_back();
  }

  std::vector<Entry> entries_;
  std::unordered_map<std::string_view, std::size_t> by_url_;  // fullUrl without _history -> entry
  std::unordered_map<std::string, std::size_t> by_type_id_;   // "Observation/x" -> entry
  std::unordered_set<const Observation*> seen_;
  // Per container: contained id -> position (first wins), built on first "#id" lookup.
  std::unordered_map<const Resource*, std::unordered_map<std::string_view, std::size_t>>
      contained_index_;  // of the current report
  std::vector<const Observation*> chain_;
  ResolvedReport* report_ = nullptr;
};

}  // namespace

Result<std::vector<ResolvedReport>, Issues> resolve_reports(const Resource& root) {
  try {
    Resolver resolver(root);
    auto reports = resolver.run();
    if (reports.empty()) {
      return fail(Issues{Issue{Severity::error,
                               "not-found",
                               "no DiagnosticReport in the input",
                               std::string(resource_type_name(root)),
                               {},
                               {},
                               {}}});
    }
    return reports;
  } catch (...) {
    return fail(Issues{Issue{Severity::fatal, "exception", "reference resolution failed", "", {}, {}, {}}});
  }
}

}  // namespace sarcoma::fhir
