// libFuzzer target for what the review pages read from the outside: form bodies and query strings
// (parse_query -> worklist filter, review form, sign-in fields), the Task JSON a server returns,
// the reviewers file. Invariants checked beyond "no crash, no UB": escaped text never holds markup
// characters; a refused review form names at least one field.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapter/core/rule_set.hpp"
#include "adapter/service/store/url.hpp"
#include "adapter/service/web/html.hpp"
#include "adapter/service/web/review.hpp"
#include "adapter/service/web/reviewers.hpp"
#include "adapter/service/web/text_checks.hpp"
#include "adapter/service/web/work_item.hpp"
#include "tests/shared/rule_set.hpp"

namespace {

const sarcoma::core::RuleSet& rules() { return sarcoma::test::rule_set(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sarcoma::service;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string escaped = web::escape(input);
  if (escaped.find_first_of("<>\"'") != std::string::npos) std::abort();
  (void)web::is_clean_text(input, true);
  (void)web::parse_work_item(input);
  (void)web::parse_reviewers(input);
  auto form = store::parse_query(input);
  if (form.ok()) {
    (void)web::parse_worklist_filter(*form);
    std::vector<web::ComputedTumour> tumours = {{"", "G2", "IIIA", ""}, {"B", "", "", "y"}};
    auto decision = web::parse_review_form(*form, tumours, rules());
    if (!decision.ok() && decision.error().empty()) std::abort();
  }
  return 0;
}
