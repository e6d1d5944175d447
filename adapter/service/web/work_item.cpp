#include "adapter/service/web/work_item.hpp"

#include <algorithm>
#include <charconv>

#include "adapter/core/derive/derive.hpp"
#include "adapter/service/json_fields.hpp"
#include "fhir/rapidjson.hpp"
#include "mappings/review_reasons.hpp"

namespace sarcoma::service::web {
namespace {

const rapidjson::Value* member(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(key);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

std::string first_code(const rapidjson::Value* cc, std::string* display) {
  if (cc == nullptr) return {};
  const rapidjson::Value* coding = member(*cc, "coding");
  if (coding == nullptr || !coding->IsArray() || coding->Empty()) return {};
  if (display) *display = string_field((*coding)[0], "display");
  return string_field((*coding)[0], "code");
}

bool valid_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool parse_int(const std::string& s, int min, int max, int& out) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) return false;
  out = v;
  return true;
}

}  // namespace

std::optional<WorkItem> parse_work_item(std::string_view task_json) {
  rapidjson::Document d;
  d.Parse(task_json.data(), task_json.size());
  if (d.HasParseError() || !d.IsObject() || string_field(d, "resourceType") != "Task") return std::nullopt;
  WorkItem w;
  w.task_id = string_field(d, "id");
  if (w.task_id.empty()) return std::nullopt;
  if (const auto* meta = member(d, "meta")) w.version = string_field(*meta, "versionId");
  w.identifier = derived_identifier(d);
  w.status = string_field(d, "status");
  w.priority = string_field(d, "priority");
  if (w.priority.empty()) w.priority = "routine";  // FHIR: absent priority means routine
  w.priority_rank = mappings::priority_rank(w.priority);
  w.authored = string_field(d, "authoredOn");
  w.last_modified = string_field(d, "lastModified");
  w.description = string_field(d, "description");
  if (const auto* focus = member(d, "focus")) w.focus = string_field(*focus, "reference");
  if (const auto* who = member(d, "for")) w.patient = string_field(*who, "reference");
  if (const auto* owner = member(d, "owner")) w.owner = string_field(*owner, "display");
  if (const auto* inputs = member(d, "input"); inputs && inputs->IsArray()) {
    for (const auto& in : inputs->GetArray()) {
      std::string type = first_code(member(in, "type"), nullptr);
      if (type == "review-reason") {
        ReasonBadge b;
        b.code = first_code(member(in, "valueCodeableConcept"), &b.display);
        if (const auto* cc = member(in, "valueCodeableConcept"); cc && b.display.empty()) b.display = string_field(*cc, "text");
        if (!b.code.empty()) w.reasons.push_back(std::move(b));
      } else if (type == "derived-observation") {
        if (const auto* ref = member(in, "valueReference")) {
          std::string r = string_field(*ref, "reference");
          if (!r.empty()) w.derived.push_back(std::move(r));
        }
      }
    }
  }
  if (const auto* outputs = member(d, "output"); outputs && outputs->IsArray()) {
    for (const auto& out : outputs->GetArray()) {
      std::string v = string_field(out, "valueString");
      if (!v.empty()) w.outputs.push_back(std::move(v));
    }
  }
  return w;
}

std::vector<std::string> task_statuses(const std::string& status_filter) {
  if (status_filter == "open") return {"requested", "received", "accepted", "in-progress"};
  if (status_filter == "completed") return {"completed"};
  return {};
}

bool is_open_status(const std::string& status) {
  for (const auto& s : task_statuses("open")) {
    if (s == status) return true;
  }
  return false;
}

Result<WorklistFilter, std::string> parse_worklist_filter(const store::QueryParams& params) {
  WorklistFilter f;
  for (const auto& [name, value] : params) {
    if (name == "status") {
      if (value != "open" && value != "completed" && value != "all") return fail(std::string("status: expected open, completed or all"));
      f.status = value;
    } else if (name == "reason") {
      if (value.size() > 64) return fail(std::string("reason: too long"));
      for (char ch : value) {
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return fail(std::string("reason: expected a reason code"));
      }
      f.reason = value;
    } else if (name == "priority") {
      if (!value.empty() && value != "routine" && value != "urgent" && value != "asap" && value != "stat") {
        return fail(std::string("priority: expected routine, urgent, asap or stat"));
      }
      f.priority = value;
    } else if (name == "from" || name == "to") {
      if (!value.empty() && !valid_date(value)) return fail(name + ": expected a date YYYY-MM-DD");
      (name == "from" ? f.from : f.to) = value;
    } else if (name == "page") {
      if (!parse_int(value, 1, 1000000, f.page)) return fail(std::string("page: expected a page number"));
    } else if (name == "size") {
      if (!parse_int(value, 1, kMaxPageSize, f.page_size)) {
        return fail("size: expected 1 to " + std::to_string(kMaxPageSize));
      }
    } else {
      return fail("unknown parameter: " + name.substr(0, 32));
    }
  }
  return f;
}

std::string worklist_query(const WorklistFilter& f, int page) {
  store::QueryParams q;
  if (f.status != "open") q.emplace_back("status", f.status);
  if (!f.reason.empty()) q.emplace_back("reason", f.reason);
  if (!f.priority.empty()) q.emplace_back("priority", f.priority);
  if (!f.from.empty()) q.emplace_back("from", f.from);
  if (!f.to.empty()) q.emplace_back("to", f.to);
  if (f.page_size != 50) q.emplace_back("size", std::to_string(f.page_size));
  if (page > 1) q.emplace_back("page", std::to_string(page));
  return store::build_query(q);
}

WorklistPage select_work_items(std::vector<WorkItem> items, const WorklistFilter& f) {
  std::vector<std::string> statuses = task_statuses(f.status);
  auto keep = [&](const WorkItem& w) {
    if (!statuses.empty() && std::find(statuses.begin(), statuses.end(), w.status) == statuses.end()) return false;
    if (!f.priority.empty() && w.priority != f.priority) return false;
    if (!f.reason.empty() && std::none_of(w.reasons.begin(), w.reasons.end(),
                                          [&](const ReasonBadge& r) { return r.code == f.reason; })) {
      return false;
    }
    std::string day = w.authored.substr(0, 10);
    if (!f.from.empty() && day < f.from) return false;
    if (!f.to.empty() && day > f.to) return false;
    return true;
  };
  items.erase(std::remove_if(items.begin(), items.end(), [&](const WorkItem& w) { return !keep(w); }), items.end());
  std::sort(items.begin(), items.end(), [](const WorkItem& a, const WorkItem& b) {
    if (a.priority_rank != b.priority_rank) return a.priority_rank > b.priority_rank;
    if (a.authored != b.authored) return a.authored < b.authored;
    return a.task_id < b.task_id;
  });
  WorklistPage page;
  page.matched = items.size();
  std::size_t size = static_cast<std::size_t>(f.page_size);
  page.pages = items.empty() ? 1 : static_cast<int>((items.size() + size - 1) / size);
  page.page = std::min(f.page, page.pages);
  std::size_t begin = static_cast<std::size_t>(page.page - 1) * size;
  std::size_t end = std::min(items.size(), begin + size);
  for (std::size_t i = begin; i < end; ++i) page.rows.push_back(std::move(items[i]));
  return page;
}

}  // namespace sarcoma::service::web
