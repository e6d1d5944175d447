#include "adapter/core/rule_set.hpp"

namespace sarcoma::core {

std::string RuleSet::version() const {
  return rules->version() + "+" + reasons.version + "+" + values.version;
}

Result<std::shared_ptr<const RuleSet>, fhir::Issues> RuleSet::load(const std::string& dir) {
  std::string base = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  fhir::Issues issues;
  auto rules = mappings::Rules::load(dir);
  auto elements = mappings::load_element_codes(base + "elements.json");
  auto reasons = mappings::load_review_reasons(base + "review_reasons.json");
  auto values = mappings::load_value_codes(base + "value_codes.json");
  for (const fhir::Issues* e : {rules.ok() ? nullptr : &rules.error(), elements.ok() ? nullptr : &elements.error(),
                                reasons.ok() ? nullptr : &reasons.error(), values.ok() ? nullptr : &values.error()}) {
    if (e) issues.insert(issues.end(), e->begin(), e->end());
  }
  if (!issues.empty()) return fail(std::move(issues));
  auto set = std::make_shared<RuleSet>();
  set->rules = std::move(rules).value();
  set->elements = std::move(elements).value();
  set->reasons = std::move(reasons).value();
  set->values = std::move(values).value();
  return std::shared_ptr<const RuleSet>(std::move(set));
}

}  // namespace sarcoma::core
