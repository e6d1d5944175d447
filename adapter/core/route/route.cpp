#include "adapter/core/route/route.hpp"

#include <algorithm>
#include <functional>

namespace sarcoma::core {
namespace {

using Tumours = std::vector<TumourAssessment>;

bool any_tumour(const Assessment& a, const std::function<bool(const TumourAssessment&)>& p) {
  return std::any_of(a.tumours.begin(), a.tumours.end(), p);
}

bool is_sarcoma(const Assessment& a) {
  return a.scope == Scope::soft_tissue_sarcoma || a.scope == Scope::bone_sarcoma;
}

// Stated and computed values compare without y/r/p/c prefixes ("ypT2" states T2).
bool t_discordant(const TumourAssessment& t) {
  const StageResult& s = t.stage;
  if (!s.applicable) return false;
  auto differs = [](const std::optional<Fact<StatedCategory>>& stated, const CategoryResult& computed,
                    bool computed_known) {
    return stated && computed_known && !stated->value.value.empty() && stated->value.value != computed.value;
  };
  bool t_known = s.t.value != "TX";
  if (differs(s.stated_t, s.t, t_known)) return true;
  if (differs(s.stated_n, s.n, true)) return true;
  if (differs(s.stated_m, s.m, true)) return true;
  if (s.stated_group && s.group_status == StageResult::GroupStatus::assigned && s.group &&
      s.stated_group->value.value != *s.group) {
    return true;
  }
  return false;
}

bool determinate_grade(const std::string& g) { return g == "G1" || g == "G2" || g == "G3"; }

bool grade_discordant(const TumourAssessment& t) {
  const GradeResult& g = t.grade;
  return g.applicable && g.stated && determinate_grade(g.grade) && determinate_grade(g.stated->value.value) &&
         g.stated->value.value != g.grade;
}

bool boundary(const TumourAssessment& t, const mappings::StagingTables& tables) {
  const StageResult& s = t.stage;
  if (s.applicable && s.site_group && s.size_cm) {
    auto it = tables.t_by_size.find(mappings::to_string(*s.site_group));
    if (it != tables.t_by_size.end()) {
      for (const auto& row : it->second) {
        if (row.max_cm && *row.max_cm == *s.size_cm) return true;
      }
    }
  }
  const GradeResult& g = t.grade;
  if (g.applicable && g.mitoses_numerator && g.mitoses_denominator) {
    // Each score threshold and the count just below it (9/10, 19/20 per 10 HPF), compared as
    // fractions so that 50 per 50 HPF (= 10 per 10 HPF) is on the boundary too.
    const fhir::Decimal one = fhir::Decimal::from_int(1);
    for (const auto& row : tables.mitotic) {
      if (row.min.is_zero()) continue;
      for (const fhir::Decimal& bound : {row.min, row.min - one}) {
        if (*g.mitoses_numerator == bound * *g.mitoses_denominator) return true;
      }
    }
  }
  if (g.applicable && g.necrosis_percent) {
    if (g.necrosis_percent->is_zero() || *g.necrosis_percent == tables.necrosis_percent_threshold) return true;
  }
  return false;
}

struct Trigger {
  const char* code;
  std::function<bool(const Assessment&, const mappings::StagingTables&)> holds;
};

// The rule table: one trigger per review reason of DESIGN.md.
const std::vector<Trigger>& triggers() {
  static const std::vector<Trigger> table = {
      {"metastatic-disease",
       [](const Assessment& a, const auto&) {
         return any_tumour(a, [](const auto& t) { return t.stage.applicable && t.stage.m.value == "M1"; });
       }},
      {"nodal-disease",
       [](const Assessment& a, const auto&) {
         return any_tumour(a, [](const auto& t) { return t.stage.applicable && t.stage.n.value == "N1"; });
       }},
      {"reported-stage-discordant", [](const Assessment& a, const auto&) { return any_tumour(a, t_discordant); }},
      {"reported-grade-discordant", [](const Assessment& a, const auto&) { return any_tumour(a, grade_discordant); }},
      {"coded-narrative-conflict", [](const Assessment& a, const auto&) { return !a.conflicts.empty(); }},
      {"reclassification-prone-histology",
       [](const Assessment& a, const auto&) {
         return any_tumour(a, [](const auto& t) { return t.histology_entry && t.histology_entry->reclassification_prone; });
       }},
      {"unplanned-excision", [](const Assessment& a, const auto&) { return a.unplanned_excision; }},
      {"post-treatment-specimen", [](const Assessment& a, const auto&) { return a.post_neoadjuvant; }},
      {"staging-not-applicable",
       [](const Assessment& a, const auto&) {
         return a.scope == Scope::bone_sarcoma || any_tumour(a, [](const auto& t) { return !t.stage.applicable; });
       }},
      {"grading-not-applicable",
       [](const Assessment& a, const auto&) {
         return a.scope == Scope::bone_sarcoma || any_tumour(a, [](const auto& t) { return !t.grade.applicable; });
       }},
      {"grade-incomplete",
       [](const Assessment& a, const auto&) {
         return any_tumour(a, [](const auto& t) { return t.grade.applicable && !determinate_grade(t.grade.grade); });
       }},
      {"stage-incomplete",
       [](const Assessment& a, const auto&) {
         return any_tumour(a, [](const auto& t) {
           return t.stage.applicable &&
                  (t.stage.t.value == "TX" || t.stage.group_status == StageResult::GroupStatus::site_unknown);
         });
       }},
      {"boundary-value",
       [](const Assessment& a, const mappings::StagingTables& tables) {
         return any_tumour(a, [&](const auto& t) { return boundary(t, tables); });
       }},
      {"m-category-assumed",
       [](const Assessment& a, const auto&) {
         return any_tumour(a, [](const auto& t) { return t.stage.applicable && t.stage.m.assumed; });
       }},
      {"sarcoma-diagnosis", [](const Assessment& a, const auto&) { return is_sarcoma(a); }},
  };
  return table;
}

std::string with_label(const TumourAssessment& t, const std::string& line) {
  return t.label.empty() ? line : "Tumour " + t.label + ": " + line;
}

void discordance_notes(const TumourAssessment& t, std::vector<std::string>& notes) {
  if (grade_discordant(t)) {
    notes.push_back(with_label(t, "report states grade " + t.grade.stated->value.value + "; computed FNCLCC " + t.grade.grade + "."));
  }
  const StageResult& s = t.stage;
  if (!s.applicable) return;
  auto note = [&](const std::optional<Fact<StatedCategory>>& stated, const std::string& computed, bool known, const char* what) {
    if (stated && known && stated->value.value != computed) {
      notes.push_back(with_label(t, std::string("report states ") + what + " " + stated->value.prefix + stated->value.value +
                                        "; computed " + computed + "."));
    }
  };
  note(s.stated_t, s.t.value, s.t.value != "TX", "T");
  note(s.stated_n, s.n.value, true, "N");
  note(s.stated_m, s.m.value, true, "M");
  if (s.group_status == StageResult::GroupStatus::assigned && s.group) {
    note(s.stated_group, *s.group, true, "stage");
  }
}

std::string summary(const Assessment& a) {
  if (a.scope == Scope::bone_sarcoma) return "Expert sarcoma review: bone sarcoma (outside the soft tissue chapters).";
  std::string line = "Expert sarcoma review:";
  bool first = true;
  for (const auto& t : a.tumours) {
    line += first ? " " : "; ";
    first = false;
    if (!t.label.empty()) line += t.label + " ";
    line += t.histology_entry ? t.histology_entry->label : std::string("sarcoma, histology not recognised");
    line += t.grade.applicable ? ", FNCLCC " + t.grade.grade : ", not FNCLCC-graded";
    if (t.stage.applicable) {
      line += ", " + t.stage.t.prefix + "p" + t.stage.t.value + " " + t.stage.n.value + " " + t.stage.m.value;
      if (t.stage.group) line += ", stage " + t.stage.t.prefix + *t.stage.group + " (AJCC 8)";
    } else {
      line += ", not staged by AJCC 8 soft tissue chapters";
    }
  }
  return line + ".";
}

}  // namespace

std::vector<std::string> triggered_reasons(const Assessment& a, const mappings::StagingTables& tables) {
  std::vector<std::string> out;
  if (!is_sarcoma(a)) return out;
  for (const auto& trig : triggers()) {
    if (trig.holds(a, tables)) out.emplace_back(trig.code);
  }
  return out;
}

Routing route(const Assessment& a, const mappings::ReviewReasonTable& table, const mappings::StagingTables& tables) {
  Routing r;
  if (!is_sarcoma(a)) return r;
  r.review = true;
  std::vector<const mappings::ReviewReasonRow*> rows;
  std::vector<std::string> unlisted;
  for (const auto& code : triggered_reasons(a, tables)) {
    // A reason the table does not list is a configuration error (the tests load the shipped table
    // and check every code); never drop it: it goes last, with routine priority.
    if (const auto* row = table.by_code(code)) {
      rows.push_back(row);
    } else {
      unlisted.push_back(code);
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto* x, const auto* y) { return x->rank < y->rank; });
  int best = 0;
  for (const auto* row : rows) {
    r.reasons.push_back({row->code, row->display});
    best = std::max(best, mappings::priority_rank(row->priority));
  }
  for (auto& code : unlisted) r.reasons.push_back({code, code});
  static const char* const kPriorities[] = {"routine", "urgent", "asap", "stat"};
  r.priority = kPriorities[best];
  for (const auto& t : a.tumours) discordance_notes(t, r.notes);
  r.description = summary(a);
  return r;
}

}  // namespace sarcoma::core
