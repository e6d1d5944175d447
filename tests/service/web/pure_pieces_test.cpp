// The pure pieces of the review pages: HTML escaping, UTF-8 checks, CSV cells, the worklist's
// filter/order/paging, and the reviewed-case guard of the job processor.
#include <gtest/gtest.h>

#include "adapter/service/reviewed_guard.hpp"
#include "adapter/service/web/html.hpp"
#include "adapter/service/web/reviewers.hpp"
#include "adapter/service/web/text_checks.hpp"
#include "adapter/service/web/tumour_board.hpp"
#include "adapter/service/web/work_item.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service::web {
namespace {

TEST(Html, EscapesEveryMarkupCharacterAndRepairsBadUtf8) {
  EXPECT_EQ(escape("<a href=\"x\" onclick='y'>&</a>"), "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(escape("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(escape("bad \xC3 byte"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(escape("\xFF"), "\xEF\xBF\xBD");
}

TEST(TextChecks, AcceptsPrintableUtf8AndRefusesControlsAndMalformedSequences) {
  EXPECT_TRUE(is_clean_text("Dr Zo\xC3\xAB M\xC3\xBCller \xE2\x80\x94 ok\ttab", false));
  EXPECT_TRUE(is_clean_text("two\nlines\r\n", true));
  EXPECT_FALSE(is_clean_text("two\nlines", false));
  EXPECT_FALSE(is_clean_text(std::string("nul\0byte", 8), true));
  EXPECT_FALSE(is_clean_text("bell\x07", true));
  EXPECT_FALSE(is_clean_text("del\x7f", true));
  EXPECT_FALSE(is_clean_text("\xC2\x85", true));          // C1 control NEL
  EXPECT_FALSE(is_clean_text("\xC0\xAF", true));          // overlong '/'
  EXPECT_FALSE(is_clean_text("\xED\xA0\x80", true));      // UTF-16 surrogate
  EXPECT_FALSE(is_clean_text("\xF4\x90\x80\x80", true));  // beyond U+10FFFF
  EXPECT_FALSE(is_clean_text("\xE2\x80", true));          // truncated
}

TEST(TumourBoardCsv, QuotesWhatNeedsQuotingAndNeutralisesFormulas) {
  EXPECT_EQ(csv_cell("plain"), "plain");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"G2\""), "\"say \"\"G2\"\"\"");
  EXPECT_EQ(csv_cell("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_cell("+1"), "'+1");
  EXPECT_EQ(csv_cell("-1"), "'-1");
  EXPECT_EQ(csv_cell("@SUM"), "'@SUM");
}

TEST(Reviewers, ValidatesEveryEntryAndNamesIt) {
  const std::string hash = "pbkdf2-sha256$1000$c2FsdHNhbHQ=$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=";
  auto ok = parse_reviewers(R"({"users":[{"username":"akumar","display":"Dr A. Kumar","password_hash":")" + hash + "\"}]}");
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_NE(find_reviewer(*ok, "akumar"), nullptr);
  EXPECT_EQ(find_reviewer(*ok, "AKUMAR"), nullptr);
  auto bad = parse_reviewers(R"({"users":[{"username":"A Kumar","display":"","password_hash":"plain"},)"
                             R"({"username":"a","display":"A","password_hash":")" + hash +
                             R"("},{"username":"a","display":"A","password_hash":")" + hash + "\"}]}");
  ASSERT_FALSE(bad.ok());
  std::string all;
  for (const auto& e : bad.error()) all += e + "\n";
  EXPECT_NE(all.find("users[0].username"), std::string::npos);
  EXPECT_NE(all.find("users[0].display"), std::string::npos);
  EXPECT_NE(all.find("users[0].password_hash"), std::string::npos);
  EXPECT_NE(all.find("users[2].username: listed twice"), std::string::npos);
  EXPECT_EQ(all.find("plain"), std::string::npos);  // the value itself is never echoed
  EXPECT_FALSE(parse_reviewers("[]").ok());
  EXPECT_FALSE(parse_reviewers("{").ok());
}

WorkItem item(std::string id, std::string priority, std::string authored, std::string status = "requested",
              std::vector<std::string> reasons = {}) {
  WorkItem w;
  w.task_id = std::move(id);
  w.priority = priority;
  w.priority_rank = priority == "stat" ? 3 : priority == "asap" ? 2 : priority == "urgent" ? 1 : 0;
  w.authored = std::move(authored);
  w.status = std::move(status);
  for (auto& r : reasons) w.reasons.push_back({r, r});
  return w;
}

std::vector<std::string> ids(const WorklistPage& p) {
  std::vector<std::string> out;
  for (const auto& r : p.rows) out.push_back(r.task_id);
  return out;
}

TEST(Worklist, OrdersByPriorityThenAgeAndFiltersAndPages) {
  std::vector<WorkItem> items = {
      item("a", "routine", "2026-03-02T09:00:00Z", "requested", {"sarcoma-diagnosis"}),
      item("b", "stat", "2026-03-05T09:00:00Z", "requested", {"m1"}),
      item("c", "routine", "2026-03-01T09:00:00Z", "completed"),
      item("d", "urgent", "2026-03-04T09:00:00Z", "requested", {"boundary-value", "sarcoma-diagnosis"}),
      item("e", "routine", "2026-03-01T08:00:00Z", "in-progress"),
  };
  WorklistFilter f;
  EXPECT_EQ(ids(select_work_items(items, f)), (std::vector<std::string>{"b", "d", "e", "a"}));
  f.status = "all";
  EXPECT_EQ(ids(select_work_items(items, f)), (std::vector<std::string>{"b", "d", "e", "c", "a"}));
  f.status = "completed";
  EXPECT_EQ(ids(select_work_items(items, f)), (std::vector<std::string>{"c"}));
  f = {};
  f.reason = "sarcoma-diagnosis";
  EXPECT_EQ(ids(select_work_items(items, f)), (std::vector<std::string>{"d", "a"}));
  f = {};
  f.from = "2026-03-02";
  f.to = "2026-03-04";
  EXPECT_EQ(ids(select_work_items(items, f)), (std::vector<std::string>{"d", "a"}));
  f = {};
  f.page_size = 3;
  f.page = 2;
  auto p = select_work_items(items, f);
  EXPECT_EQ(ids(p), (std::vector<std::string>{"a"}));
  EXPECT_EQ(p.pages, 2);
  EXPECT_EQ(p.matched, 4u);
  f.page = 99;  // past the end: the last page
  EXPECT_EQ(select_work_items(items, f).page, 2);
}

TEST(Worklist, FilterQueryRoundTripsAndRefusesUnknownValues) {
  auto f = parse_worklist_filter({{"status", "all"}, {"reason", "m1"}, {"priority", "stat"}, {"from", "2026-01-01"},
                                  {"size", "25"}, {"page", "3"}});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(worklist_query(*f, 3), "status=all&reason=m1&priority=stat&from=2026-01-01&size=25&page=3");
  EXPECT_EQ(worklist_query(WorklistFilter{}, 1), "");
  EXPECT_FALSE(parse_worklist_filter({{"status", "deleted"}}).ok());
  EXPECT_FALSE(parse_worklist_filter({{"reason", "<script>"}}).ok());
  EXPECT_FALSE(parse_worklist_filter({{"from", "2026-1-1"}}).ok());
  EXPECT_FALSE(parse_worklist_filter({{"size", "0"}}).ok());
  EXPECT_FALSE(parse_worklist_filter({{"size", "201"}}).ok());
  EXPECT_FALSE(parse_worklist_filter({{"page", "x"}}).ok());
  EXPECT_FALSE(parse_worklist_filter({{"patient", "Patient/1"}}).ok());
}

TEST(Worklist, ParsesTheTaskDeriveWrites) {
  auto w = parse_work_item(R"({"resourceType":"Task","id":"t1","meta":{"versionId":"3"},
    "identifier":[{"system":"https://sarcoma-adapter.dev/fhir/NamingSystem/derived-id","value":"u-1"}],
    "status":"requested","priority":"asap","authoredOn":"2026-03-02T09:07:00Z","description":"Expert review",
    "focus":{"reference":"DiagnosticReport/dr-01"},"for":{"reference":"Patient/p1"},
    "input":[{"type":{"coding":[{"code":"review-reason"}]},"valueCodeableConcept":{"coding":[{"code":"m1","display":"M1 reported"}]}},
             {"type":{"coding":[{"code":"derived-observation"}]},"valueReference":{"reference":"Observation/o1"}}]})");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->task_id, "t1");
  EXPECT_EQ(w->version, "3");
  EXPECT_EQ(w->identifier, "u-1");
  EXPECT_EQ(w->priority_rank, 2);
  EXPECT_EQ(w->focus, "DiagnosticReport/dr-01");
  ASSERT_EQ(w->reasons.size(), 1u);
  EXPECT_EQ(w->reasons[0].display, "M1 reported");
  EXPECT_EQ(w->derived, std::vector<std::string>{"Observation/o1"});
  EXPECT_FALSE(parse_work_item(R"({"resourceType":"Observation","id":"x"})").has_value());
  EXPECT_FALSE(parse_work_item(R"({"resourceType":"Task"})").has_value());
  EXPECT_FALSE(parse_work_item("not json").has_value());
  auto no_priority = parse_work_item(R"({"resourceType":"Task","id":"t"})");
  EXPECT_EQ(no_priority->priority, "routine");  // FHIR: absent priority is routine
}

}  // namespace
}  // namespace sarcoma::service::web

namespace sarcoma::service {
namespace {

const char* kTransaction = R"({"resourceType":"Bundle","type":"transaction","entry":[
  {"fullUrl":"urn:uuid:o1","resource":{"resourceType":"Observation"},"request":{"method":"PUT","url":"Observation?identifier=s%7Co1"}},
  {"fullUrl":"urn:uuid:t1","resource":{"resourceType":"Task","status":"requested","description":"G2 IIIA",
    "identifier":[{"system":"https://sarcoma-adapter.dev/fhir/NamingSystem/derived-id","value":"t1"}],
    "input":[{"valueCodeableConcept":{"coding":[{"code":"sarcoma-diagnosis"}]}}]},"request":{"method":"PUT","url":"Task?x"}},
  {"fullUrl":"urn:uuid:o2","resource":{"resourceType":"Observation"},"request":{"method":"PUT","url":"Observation?identifier=s%7Co2"}},
  {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Provenance","target":[{"reference":"urn:uuid:o1"},{"reference":"urn:uuid:t1"}]},
   "request":{"method":"PUT","url":"Provenance/p1"}}]})";

ResourceSearcher answering(std::string task) {
  return [task](std::string_view type, const store::QueryParams& params, std::size_t) -> Result<std::vector<std::string>, std::string> {
    EXPECT_EQ(type, "Task");
    EXPECT_EQ(params.at(0).second, "https://sarcoma-adapter.dev/fhir/NamingSystem/derived-id|t1");
    if (task.empty()) return std::vector<std::string>{};
    return std::vector<std::string>{task};
  };
}

int entries(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  return static_cast<int>(d["entry"].Size());
}

TEST(ReviewedGuard, NoReviewYetWritesEverything) {
  auto g = guard_reviewed_cases(kTransaction, answering(""));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->entries, 4);
  EXPECT_EQ(g->kept_reviews, 0);
  auto open = guard_reviewed_cases(kTransaction, answering(R"({"resourceType":"Task","status":"requested","description":"G2 IIIA"})"));
  EXPECT_EQ(open->entries, 4);
}

TEST(ReviewedGuard, ReviewedAndUnchangedLeavesTheReportsResourcesAlone) {
  auto g = guard_reviewed_cases(kTransaction, answering(R"({"resourceType":"Task","status":"completed","description":"G2 IIIA",
      "input":[{"valueCodeableConcept":{"coding":[{"code":"sarcoma-diagnosis"}]}}],"output":[{"valueString":"Confirmed"}]})"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->kept_reviews, 1);
  // Task, Provenance and the Observation the Provenance targets go; o2 (not targeted) stays.
  EXPECT_EQ(g->entries, 1);
  EXPECT_EQ(entries(g->json), 1);
  EXPECT_NE(g->json.find("urn:uuid:o2"), std::string::npos);
}

TEST(ReviewedGuard, ReviewedButReassessedDifferentlyReopensTheCase) {
  auto changed = guard_reviewed_cases(kTransaction, answering(R"({"resourceType":"Task","status":"completed","description":"G3 IIIB"})"));
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->reopened, 1);
  EXPECT_EQ(changed->entries, 4);
  auto new_reason = guard_reviewed_cases(kTransaction, answering(R"({"resourceType":"Task","status":"completed","description":"G2 IIIA",
      "input":[{"valueCodeableConcept":{"coding":[{"code":"m1"}]}}]})"));
  EXPECT_EQ(new_reason->reopened, 1);
}

TEST(ReviewedGuard, ALookupFailureIsRetriedNotWrittenBlind) {
  ResourceSearcher down = [](std::string_view, const store::QueryParams&, std::size_t) -> Result<std::vector<std::string>, std::string> {
    return fail(std::string("upstream 503"));
  };
  auto g = guard_reviewed_cases(kTransaction, down);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind, ProcessOutcome::Kind::failed);
  EXPECT_FALSE(g.error().unusable_input);
}

}  // namespace
}  // namespace sarcoma::service
