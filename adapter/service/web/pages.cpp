#include "adapter/service/web/pages.hpp"

#include <algorithm>
#include <map>

#include "adapter/service/web/html.hpp"

namespace sarcoma::service::web {
namespace {

const std::string* form_value(const store::QueryParams& form, const std::string& name) {
  for (const auto& [k, v] : form) {
    if (k == name) return &v;
  }
  return nullptr;
}

void option(std::string& h, std::string_view value, std::string_view label, bool selected) {
  h += "<option value=\"" + escape(value) + "\"" + (selected ? " selected" : "") + ">" + escape(label) + "</option>";
}

std::string priority_badge(const std::string& priority) {
  return "<span class=\"prio prio-" + escape(priority) + "\">" + escape(priority) + "</span>";
}

std::string reason_badges(const std::vector<ReasonBadge>& reasons) {
  std::string h = "<ul class=\"badges\">";
  for (const auto& r : reasons) {
    h += "<li class=\"badge\" title=\"" + escape(r.display) + "\">" + escape(r.display.empty() ? r.code : r.display) +
         "</li>";
  }
  return h + "</ul>";
}

std::string day(const std::string& instant) { return instant.substr(0, 10); }

// ---- case page pieces ----

std::string source_html(const CaseAnalysis& a, const core::Source& s, core::Method method) {
  std::string h = "<li class=\"source\">";
  if (method == core::Method::narrative && s.line > 0) {
    h += "<span class=\"where\">" + escape(s.path) + ", line " + std::to_string(s.line) + "</span>";
    auto line = source_line(a, s);
    if (line && s.begin >= 0 && s.end >= s.begin && static_cast<std::size_t>(s.end) <= line->size()) {
      h += "<blockquote class=\"line\">" + escape(line->substr(0, static_cast<std::size_t>(s.begin))) + "<mark>" +
           escape(line->substr(static_cast<std::size_t>(s.begin), static_cast<std::size_t>(s.end - s.begin))) +
           "</mark>" + escape(line->substr(static_cast<std::size_t>(s.end))) + "</blockquote>";
    } else if (!s.text.empty()) {
      h += "<blockquote class=\"line\"><mark>" + escape(s.text) + "</mark></blockquote>";
    }
  } else {
    h += "<span class=\"where\">coded: <code>" + escape(s.resource.empty() ? s.path : s.resource + " " + s.path) +
         "</code></span>";
  }
  return h + "</li>";
}

template <class T>
std::string fact_sources(const CaseAnalysis& a, const std::optional<core::Fact<T>>& f) {
  if (!f) return {};
  return "<ul class=\"sources\">" + source_html(a, f->source, f->method) + "</ul>";
}

std::string sources_html(const CaseAnalysis& a, const std::vector<core::Source>& sources) {
  if (sources.empty()) return {};
  std::string h = "<ul class=\"sources\">";
  for (const auto& s : sources) h += source_html(a, s, s.line > 0 ? core::Method::narrative : core::Method::coded);
  return h + "</ul>";
}

std::string rule_html(const core::RuleRef& r) {
  if (r.text.empty()) return {};
  return "<span class=\"rule\">" + escape(r.text) + "</span>";
}

std::string score_row(const CaseAnalysis& a, const char* name, const core::ScoreComponent& c, const std::string& input) {
  std::string h = "<tr><th scope=\"row\">" + std::string(name) + "</th><td class=\"num\">" +
                  (c.score ? std::to_string(*c.score) : std::string("<span class=\"missing\">missing</span>")) +
                  "</td><td>" + escape(input) + (c.from_stated_score ? " (score stated in the report)" : "") +
                  " " + rule_html(c.rule) + sources_html(a, c.sources) + "</td></tr>";
  return h;
}

std::string category_row(const CaseAnalysis& a, const char* name, const core::CategoryResult& c,
                         const std::string& input) {
  return "<tr><th scope=\"row\">" + std::string(name) + "</th><td class=\"num\">" + escape(c.label()) +
         (c.assumed ? " <span class=\"assumed\">assumed</span>" : "") + "</td><td>" + escape(input) + " " +
         rule_html(c.rule) + sources_html(a, c.sources) + "</td></tr>";
}

std::string stated_html(const CaseAnalysis& a, const char* what, const std::optional<core::Fact<core::StatedCategory>>& f) {
  if (!f) return {};
  return "<li>" + std::string(what) + " <strong>" + escape(category_label(f->value)) + "</strong>" +
         fact_sources(a, f) + "</li>";
}

std::string tumour_html(const CaseAnalysis& a, const core::TumourAssessment& t, std::size_t index, std::size_t count) {
  std::string title = count > 1 ? "Tumour " + (t.label.empty() ? std::to_string(index + 1) : t.label) : "Tumour";
  std::string h = "<section class=\"tumour\" aria-labelledby=\"tumour-" + std::to_string(index) + "\"><h2 id=\"tumour-" +
                  std::to_string(index) + "\">" + escape(title) + "</h2><dl class=\"facts\">";
  h += "<dt>Histology</dt><dd>";
  if (t.histology_entry) {
    h += escape(t.histology_entry->label);
  } else if (t.histology) {
    h += escape(t.histology->value.text) + " <span class=\"missing\">not in the histology table</span>";
  } else {
    h += "<span class=\"missing\">not stated</span>";
  }
  h += fact_sources(a, t.histology) + "</dd><dt>Site</dt><dd>";
  if (t.site_entry) {
    h += escape(t.site_entry->label);
  } else if (t.site) {
    h += escape(t.site->value.text) + " <span class=\"missing\">not in the site table</span>";
  } else {
    h += "<span class=\"missing\">not stated</span>";
  }
  if (t.stage.site_group) h += " &middot; AJCC site group: " + escape(mappings::to_string(*t.stage.site_group));
  h += fact_sources(a, t.site) + "</dd></dl>";

  const auto& g = t.grade;
  h += "<h3>FNCLCC grade: " + escape(g.applicable ? g.grade : std::string("not graded")) + "</h3>";
  if (g.applicable) {
    h += "<table class=\"components\"><caption>FNCLCC components</caption><thead><tr><th scope=\"col\">Component"
         "</th><th scope=\"col\">Score</th><th scope=\"col\">From</th></tr></thead><tbody>";
    h += score_row(a, "Differentiation", g.differentiation, t.histology_entry ? t.histology_entry->label : "");
    h += score_row(a, "Mitotic count", g.mitotic,
                   g.mitoses_per_10_hpf ? g.mitoses_per_10_hpf->text() + " mitoses per 10 HPF" : "");
    h += score_row(a, "Necrosis", g.necrosis, g.necrosis_percent ? g.necrosis_percent->text() + "% necrosis" : "");
    h += "<tr><th scope=\"row\">Total</th><td class=\"num\">" +
         (g.total ? std::to_string(*g.total) : std::string("<span class=\"missing\">incomplete</span>")) + "</td><td>" +
         rule_html(g.rule) + "</td></tr></tbody></table>";
  } else {
    h += "<p>" + rule_html(g.rule) + "</p>";
  }

  const auto& s = t.stage;
  h += "<h3>AJCC 8 stage: " + escape(stage_text(s)) + "</h3>";
  if (s.applicable) {
    h += "<table class=\"components\"><caption>TNM categories and stage group</caption><thead><tr><th scope=\"col\">"
         "Category</th><th scope=\"col\">Value</th><th scope=\"col\">From</th></tr></thead><tbody>";
    std::string size = s.size_cm ? "greatest dimension " + s.size_cm->text() + " cm" : "size not stated";
    if (s.site_group) size += ", " + std::string(mappings::to_string(*s.site_group)) + " table";
    h += category_row(a, "T", s.t, size);
    h += category_row(a, "N", s.n, s.n.assumed ? "the report does not address regional nodes" : "");
    h += category_row(a, "M", s.m, s.m.assumed ? "the report does not address distant metastasis" : "");
    h += "<tr><th scope=\"row\">Stage group</th><td class=\"num\">" + escape(s.group.value_or("-")) + "</td><td>" +
         rule_html(s.group_rule) + "</td></tr></tbody></table>";
  }
  std::string stated = stated_html(a, "Grade", g.stated) + stated_html(a, "T", s.stated_t) +
                       stated_html(a, "N", s.stated_n) + stated_html(a, "M", s.stated_m) +
                       stated_html(a, "Stage group", s.stated_group);
  if (!stated.empty()) h += "<h3>The report states</h3><ul class=\"stated\">" + stated + "</ul>";
  std::vector<core::Assumption> assumptions = g.assumptions;
  assumptions.insert(assumptions.end(), s.assumptions.begin(), s.assumptions.end());
  if (!assumptions.empty()) {
    h += "<h3>Assumptions</h3><ul>";
    for (const auto& x : assumptions) h += "<li>" + escape(x.text) + "</li>";
    h += "</ul>";
  }
  return h + "</section>";
}

std::string field_error(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors) {
    if (e.field == field) return "<p class=\"field-error\" id=\"" + escape(field) + "-error\">" + escape(e.message) + "</p>";
  }
  return {};
}

std::string described_by(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors) {
    if (e.field == field) return " aria-describedby=\"" + escape(field) + "-error\" aria-invalid=\"true\"";
  }
  return {};
}

std::string review_form(const CaseView& v, const Viewer& viewer, const core::RuleSet& rules,
                        const std::vector<ComputedTumour>& computed) {
  const auto& errors = v.errors;
  auto submitted = [&](const std::string& name) {
    const std::string* s = form_value(v.submitted, name);
    return s ? *s : std::string();
  };
  std::string h = "<section class=\"review\" aria-labelledby=\"review-h\"><h2 id=\"review-h\">Review</h2>";
  if (!errors.empty()) {
    h += "<div class=\"errors\" role=\"alert\" tabindex=\"-1\" id=\"form-errors\"><h3>The review was not saved</h3><ul>";
    for (const auto& e : errors) h += "<li><a href=\"#" + escape(e.field) + "\">" + escape(e.message) + "</a></li>";
    h += "</ul></div>";
  }
  h += "<form method=\"post\" action=\"/cases/" + escape(v.item.task_id) + "/review\" novalidate>";
  h += "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(viewer.csrf) + "\">";
  h += "<input type=\"hidden\" name=\"version\" value=\"" + escape(v.item.version) + "\">";
  std::string decision = submitted("decision");
  h += "<fieldset id=\"decision\"" + described_by(errors, "decision") +
       "><legend>Decision</legend><label><input type=\"radio\" name=\"decision\" value=\"confirm\"" +
       (decision == "confirm" ? " checked" : "") +
       "> Confirm the computed values</label><label><input type=\"radio\" name=\"decision\" value=\"amend\"" +
       (decision == "amend" ? " checked" : "") + "> Amend</label>" + field_error(errors, "decision") + "</fieldset>";
  std::vector<const mappings::HistologyEntry*> histologies;
  for (const auto& e : rules.rules->histologies()) histologies.push_back(&e);
  std::sort(histologies.begin(), histologies.end(), [](auto* x, auto* y) { return x->label < y->label; });
  for (std::size_t i = 0; i < computed.size(); ++i) {
    std::string n = std::to_string(i);
    std::string name = computed.size() > 1 ? " (tumour " + (computed[i].label.empty() ? n : computed[i].label) + ")" : "";
    h += "<fieldset class=\"amend\"><legend>Amendments" + escape(name) + "</legend>";
    h += "<label for=\"histology-" + n + "\">Histology</label><select id=\"histology-" + n + "\" name=\"histology-" + n +
         "\"" + described_by(errors, "histology-" + n) + ">";
    option(h, "", "unchanged", submitted("histology-" + n).empty());
    for (const auto* e : histologies) option(h, e->id, e->label, submitted("histology-" + n) == e->id);
    h += "</select>" + field_error(errors, "histology-" + n);
    h += "<label for=\"grade-" + n + "\">FNCLCC grade</label><select id=\"grade-" + n + "\" name=\"grade-" + n + "\"" +
         described_by(errors, "grade-" + n) + ">";
    option(h, "", "as computed (" + (computed[i].grade.empty() ? std::string("not graded") : computed[i].grade) + ")",
           submitted("grade-" + n).empty());
    for (const auto& g : grade_choices()) option(h, g, g, submitted("grade-" + n) == g);
    h += "</select>" + field_error(errors, "grade-" + n);
    h += "<label for=\"stage-" + n + "\">AJCC 8 stage group</label><select id=\"stage-" + n + "\" name=\"stage-" + n +
         "\"" + described_by(errors, "stage-" + n) + ">";
    option(h, "", "as computed (" + (computed[i].stage.empty() ? std::string("none") : computed[i].stage) + ")",
           submitted("stage-" + n).empty());
    for (const auto& s : stage_group_choices()) option(h, s, s, submitted("stage-" + n) == s);
    h += "</select>" + field_error(errors, "stage-" + n) + "</fieldset>";
  }
  h += "<label for=\"comment\">Comment <span class=\"hint\">(required to amend; at most 2000 characters)</span>"
       "</label><textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"2000\"" +
       described_by(errors, "comment") + ">" + escape(submitted("comment")) + "</textarea>" +
       field_error(errors, "comment");
  h += "<button type=\"submit\">Save review</button></form></section>";
  return h;
}

}  // namespace

std::vector<ComputedTumour> computed_tumours(const core::ReportOutcome& outcome) {
  std::vector<ComputedTumour> out;
  for (const auto& t : outcome.assessment.tumours) {
    ComputedTumour c;
    c.label = t.label;
    c.grade = t.grade.applicable ? t.grade.grade : "";
    c.stage = t.stage.group.value_or("");
    c.prefix = t.stage.t.prefix;
    out.push_back(std::move(c));
  }
  return out;
}

std::string worklist_page(const WorklistView& v, const Viewer& viewer, const core::RuleSet& rules) {
  const WorklistFilter& f = v.filter;
  std::string h;
  h.reserve(4096 + v.rows.size() * 1500);
  h += "<h1>Review worklist</h1>";
  h += "<form class=\"filters\" method=\"get\" action=\"/\" role=\"search\" aria-label=\"Filter the worklist\">";
  h += "<label for=\"f-status\">Status</label><select id=\"f-status\" name=\"status\">";
  option(h, "open", "Open", f.status == "open");
  option(h, "completed", "Completed", f.status == "completed");
  option(h, "all", "All", f.status == "all");
  h += "</select><label for=\"f-reason\">Reason</label><select id=\"f-reason\" name=\"reason\">";
  option(h, "", "Any", f.reason.empty());
  for (const auto& r : rules.reasons.rows) option(h, r.code, r.display, f.reason == r.code);
  h += "</select><label for=\"f-priority\">Priority</label><select id=\"f-priority\" name=\"priority\">";
  option(h, "", "Any", f.priority.empty());
  for (const char* p : {"stat", "asap", "urgent", "routine"}) option(h, p, p, f.priority == p);
  h += "</select><label for=\"f-from\">From</label><input id=\"f-from\" name=\"from\" type=\"date\" value=\"" +
       escape(f.from) + "\"><label for=\"f-to\">To</label><input id=\"f-to\" name=\"to\" type=\"date\" value=\"" +
       escape(f.to) + "\"><label for=\"f-size\">Per page</label><select id=\"f-size\" name=\"size\">";
  for (int n : {25, 50, 100, 200}) option(h, std::to_string(n), std::to_string(n), f.page_size == n);
  h += "</select><button type=\"submit\">Apply</button><a class=\"reset\" href=\"/\">Reset</a></form>";
  if (!v.error.empty()) h += "<p class=\"error\" role=\"alert\">" + escape(v.error) + "</p>";
  std::string query = worklist_query(f, 1);
  h += "<p class=\"summary\" role=\"status\"><span id=\"matched\">" + std::to_string(v.matched) + "</span> task" +
       (v.matched == 1 ? "" : "s") + " &middot; page " + std::to_string(v.page) + " of " + std::to_string(v.pages) +
       " &middot; Tumour-board list: <a href=\"/exports/tumour-board.csv" + (query.empty() ? "" : "?" + escape(query)) +
       "\">CSV</a> <a href=\"/exports/tumour-board.json" + (query.empty() ? "" : "?" + escape(query)) +
       "\">FHIR List</a></p>";
  h += "<table class=\"worklist\"><caption class=\"visually-hidden\">Review tasks, most urgent and oldest first</caption>"
       "<thead><tr><th scope=\"col\">Priority</th><th scope=\"col\">Received</th><th scope=\"col\">Report</th>"
       "<th scope=\"col\">Specimen / site</th><th scope=\"col\">Histology</th><th scope=\"col\">Grade</th>"
       "<th scope=\"col\">Stage</th><th scope=\"col\">Report states</th><th scope=\"col\">Reasons</th>"
       "<th scope=\"col\">Status</th></tr></thead><tbody>";
  for (const auto& row : v.rows) {
    const auto& w = row.item;
    std::string link = "<a href=\"/cases/" + escape(w.task_id) + "\">" + escape(w.focus.empty() ? w.task_id : w.focus) + "</a>";
    std::string site, histology, grade, stage, stated;
    if (!row.problem.empty()) {
      site = "<span class=\"missing\">" + escape(row.problem) + "</span>";
    }
    for (const auto& t : row.tumours) {
      std::string label = row.tumours.size() > 1 && !t.label.empty() ? escape(t.label) + ": " : "";
      auto add = [&](std::string& cell, const std::string& value) {
        if (!value.empty()) cell += (cell.empty() ? "" : "<br>") + label + escape(value);
      };
      add(site, t.site);
      add(histology, t.histology);
      add(grade, t.grade);
      add(stage, t.stage);
      add(stated, t.stated);
    }
    h += "<tr><td>" + priority_badge(w.priority) + "</td><td>" + escape(day(w.authored)) + "</td><td>" + link +
         "</td><td>" + site + "</td><td>" + histology + "</td><td>" + grade + "</td><td>" + stage + "</td><td>" +
         stated + "</td><td>" + reason_badges(w.reasons) + "</td><td>" + escape(w.status) + "</td></tr>";
  }
  if (v.rows.empty()) h += "<tr><td colspan=\"10\">No tasks match.</td></tr>";
  h += "</tbody></table><nav class=\"pager\" aria-label=\"Pages\">";
  if (v.page > 1) {
    h += "<a rel=\"prev\" href=\"/?" + escape(worklist_query(f, v.page - 1)) + "\">Previous page</a>";
  }
  if (v.page < v.pages) {
    h += "<a rel=\"next\" href=\"/?" + escape(worklist_query(f, v.page + 1)) + "\">Next page</a>";
  }
  h += "</nav>";
  return page("Worklist", viewer.display, viewer.csrf, h);
}

std::string case_page(const CaseView& v, const Viewer& viewer, const core::RuleSet& rules) {
  const WorkItem& w = v.item;
  std::string h = "<p><a href=\"/\">&larr; Worklist</a></p><h1>Case " + escape(w.focus) + "</h1>";
  if (!v.notice.empty()) h += "<p class=\"notice\" role=\"status\">" + escape(v.notice) + "</p>";
  h += "<dl class=\"task\"><dt>Status</dt><dd id=\"task-status\">" + escape(w.status) + "</dd><dt>Priority</dt><dd>" +
       priority_badge(w.priority) + "</dd><dt>Received</dt><dd>" + escape(w.authored) + "</dd><dt>Patient</dt><dd>" +
       escape(w.patient) + "</dd><dt>Summary</dt><dd>" + escape(w.description) + "</dd><dt>Reasons</dt><dd>" +
       reason_badges(w.reasons) + "</dd>";
  if (!w.owner.empty()) h += "<dt>Reviewed by</dt><dd>" + escape(w.owner) + " (" + escape(w.last_modified) + ")</dd>";
  for (const auto& o : w.outputs) h += "<dt>Review</dt><dd>" + escape(o) + "</dd>";
  h += "</dl>";
  if (v.analysis == nullptr) {
    h += "<p class=\"error\" role=\"alert\">" + escape(v.problem) + "</p>";
    return page("Case", viewer.display, viewer.csrf, h);
  }
  const auto& outcome = *v.analysis->outcome;
  const auto& tumours = outcome.assessment.tumours;
  for (std::size_t i = 0; i < tumours.size(); ++i) h += tumour_html(*v.analysis, tumours[i], i, tumours.size());
  if (!outcome.assessment.conflicts.empty()) {
    h += "<section aria-labelledby=\"conflicts-h\"><h2 id=\"conflicts-h\">Conflicting statements</h2><ul>";
    for (const auto& c : outcome.assessment.conflicts) {
      h += "<li>" + escape(c.summary) + sources_html(*v.analysis, c.sources) + "</li>";
    }
    h += "</ul></section>";
  }
  if (!outcome.routing.notes.empty()) {
    h += "<section aria-labelledby=\"notes-h\"><h2 id=\"notes-h\">Reported versus computed</h2><ul>";
    for (const auto& n : outcome.routing.notes) h += "<li>" + escape(n) + "</li>";
    h += "</ul></section>";
  }
  if (is_open_status(w.status)) h += review_form(v, viewer, rules, computed_tumours(outcome));
  return page("Case", viewer.display, viewer.csrf, h);
}

std::string login_page(const std::string& error, const std::string& username) {
  std::string h = "<h1>Sign in</h1>";
  if (!error.empty()) h += "<p class=\"error\" role=\"alert\" id=\"login-error\">" + escape(error) + "</p>";
  h += "<form class=\"login\" method=\"post\" action=\"/login\"><label for=\"username\">Username</label>"
       "<input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"" +
       escape(username) + "\"" + (error.empty() ? "" : " aria-describedby=\"login-error\"") +
       "><label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" "
       "autocomplete=\"current-password\" required><button type=\"submit\">Sign in</button></form>";
  return page("Sign in", "", "", h);
}

std::string message_page(const std::string& title, const std::string& message, const Viewer& viewer) {
  std::string h = "<h1>" + escape(title) + "</h1><p role=\"alert\">" + escape(message) +
                  "</p><p><a href=\"/\">Back to the worklist</a></p>";
  return page(title, viewer.display, viewer.csrf, h);
}

}  // namespace sarcoma::service::web
