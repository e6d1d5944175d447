#include "adapter/service/web/tumour_board.hpp"

#include "fhir/rapidjson.hpp"

namespace sarcoma::service::web {

std::string csv_cell(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
    v.insert(v.begin(), '\'');
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string q = "\"";
  for (char ch : v) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

std::string tumour_board_csv(const std::vector<WorklistRow>& rows) {
  std::string out =
      "task,priority,status,received,report,patient,tumour,site,histology,grade,stage,report_states,reasons,reviewed_by\r\n";
  for (const auto& row : rows) {
    const auto& w = row.item;
    std::string reasons;
    for (const auto& r : w.reasons) reasons += (reasons.empty() ? "" : "; ") + r.code;
    auto line = [&](const TumourSummary* t) {
      std::vector<std::string> cells = {"Task/" + w.task_id, w.priority, w.status, w.authored, w.focus, w.patient,
                                        t ? t->label : "", t ? t->site : row.problem, t ? t->histology : "",
                                        t ? t->grade : "", t ? t->stage : "", t ? t->stated : "", reasons, w.owner};
      for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_cell(cells[i]);
      out += "\r\n";
    };
    if (row.tumours.empty()) line(nullptr);
    for (const auto& t : row.tumours) line(&t);
  }
  return out;
}

std::string tumour_board_list(const std::vector<WorklistRow>& rows, const std::string& now) {
  rapidjson::Document d;
  d.SetObject();
  auto& a = d.GetAllocator();
  auto text = [&](const std::string& s) { return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a); };
  d.AddMember("resourceType", "List", a);
  d.AddMember("status", "current", a);
  d.AddMember("mode", "snapshot", a);
  d.AddMember("title", "Sarcoma tumour board: cases for expert review", a);
  rapidjson::Value code(rapidjson::kObjectType);
  code.AddMember("text", "Sarcoma tumour-board worklist", a);
  d.AddMember("code", code, a);
  d.AddMember("date", text(now), a);
  rapidjson::Value entries(rapidjson::kArrayType);
  for (const auto& row : rows) {
    std::string display = row.item.focus + ": " + row.item.description;
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("reference", text("Task/" + row.item.task_id), a);
    item.AddMember("display", text(display), a);
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember("item", item, a);
    entries.PushBack(entry, a);
  }
  if (entries.Empty()) {
    rapidjson::Value empty(rapidjson::kObjectType);
    empty.AddMember("text", "No cases match.", a);
    d.AddMember("emptyReason", empty, a);
  } else {
    d.AddMember("entry", entries, a);
  }
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace sarcoma::service::web
