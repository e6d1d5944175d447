#include <gtest/gtest.h>

#include "adapter/service/store/json_value.hpp"
#include "adapter/service/store/search_index.hpp"
#include "adapter/service/store/search_query.hpp"

using namespace sarcoma::service::store;

namespace {

SearchQuery ok_query(const QueryParams& p) {
  auto q = parse_search(p);
  EXPECT_TRUE(q.ok()) << (q.ok() ? "" : q.error().front().diagnostics);
  return q.ok() ? *q : SearchQuery{};
}

}  // namespace

TEST(StoreSearchQuery, TokenForms) {
  auto q = ok_query({{"identifier", "sys|val,|nosys,onlyvalue,sys|"}});
  ASSERT_EQ(q.conditions.size(), 1u);
  const auto& m = q.conditions[0].any_of;
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].system, "sys");
  EXPECT_EQ(m[0].value, "val");
  EXPECT_EQ(m[1].system, "");  // explicitly no system
  EXPECT_EQ(m[1].value, "nosys");
  EXPECT_FALSE(m[2].system.has_value());
  EXPECT_EQ(m[2].value, "onlyvalue");
  EXPECT_EQ(m[3].system, "sys");
  EXPECT_EQ(m[3].value, "");
}

TEST(StoreSearchQuery, EscapedSeparatorsStayInTheValue) {
  auto q = ok_query({{"identifier", "a\\|b|c\\,d"}});
  ASSERT_EQ(q.conditions[0].any_of.size(), 1u);
  EXPECT_EQ(q.conditions[0].any_of[0].system, "a|b");
  EXPECT_EQ(q.conditions[0].any_of[0].value, "c,d");
}

TEST(StoreSearchQuery, ReferencesStatusIdAndControls) {
  auto q = ok_query({{"subject", "Patient/p1"},
                     {"patient", "p2"},
                     {"focus", "https://ehr.example/fhir/DiagnosticReport/r1/_history/3"},
                     {"status", "requested,ready"},
                     {"_id", "a,b"},
                     {"_count", "5"},
                     {"_offset", "10"},
                     {"_sort", "-_lastUpdated"}});
  ASSERT_EQ(q.conditions.size(), 5u);
  EXPECT_EQ(q.conditions[0].any_of[0].system, "Patient");
  EXPECT_EQ(q.conditions[0].any_of[0].value, "p1");
  EXPECT_FALSE(q.conditions[1].any_of[0].system.has_value());
  EXPECT_EQ(q.conditions[2].any_of[0].system, "DiagnosticReport");
  EXPECT_EQ(q.conditions[2].any_of[0].value, "r1");
  EXPECT_EQ(q.conditions[3].any_of.size(), 2u);
  EXPECT_EQ(q.conditions[4].any_of[1].value, "b");
  EXPECT_EQ(q.count, 5);
  EXPECT_EQ(q.offset, 10);
  EXPECT_EQ(q.sort, SortOrder::last_updated_desc);
  // Links carry everything but the paging parameters, which the renderer adds.
  EXPECT_EQ(q.link_params.size(), 6u);
}

TEST(StoreSearchQuery, CountIsCappedAndZeroMeansCountOnly) {
  EXPECT_EQ(ok_query({{"_count", "100000"}}).count, kMaxPageSize);
  EXPECT_TRUE(ok_query({{"_count", "0"}}).summary_count);
  EXPECT_TRUE(ok_query({{"_summary", "count"}}).summary_count);
  EXPECT_TRUE(ok_query({{"status", ""}}).conditions.empty());  // empty values are ignored
}

TEST(StoreSearchQuery, RefusesWhatItCannotHonour) {
  for (const QueryParams& p : std::vector<QueryParams>{{{"_count", "-1"}},
                                                       {{"_count", "ten"}},
                                                       {{"_sort", "status"}},
                                                       {{"_summary", "true"}},
                                                       {{"identifier:of-type", "x"}},
                                                       {{"name", "Smith"}},
                                                       {{"subject.name", "x"}},
                                                       {{"_include", "Task:focus"}},
                                                       {{"subject", "urn:uuid:1"}},
                                                       {{"identifier", "a|b|c"}}}) {
    auto q = parse_search(p);
    ASSERT_FALSE(q.ok()) << p[0].first;
    EXPECT_EQ(q.error().front().severity, sarcoma::fhir::Severity::error);
  }
  EXPECT_FALSE(parse_search(QueryParams(65, {"status", "x"})).ok());
}

TEST(StoreSearchQuery, CriteriaNeedAtLeastOneSearchParameter) {
  EXPECT_TRUE(parse_criteria({{"identifier", "s|v"}}).ok());
  EXPECT_FALSE(parse_criteria({}).ok());
  EXPECT_FALSE(parse_criteria({{"identifier", ""}}).ok());
  EXPECT_FALSE(parse_criteria({{"identifier", "s|v"}, {"_count", "1"}}).ok());
}

TEST(StoreSearchIndex, ExtractsTokensAndReferencesByElementName) {
  auto r = parse_json(R"({"resourceType":"Observation","status":"final",
    "identifier":[{"system":"s","value":"1"},{"value":"2"},{"system":"nov"}],
    "subject":{"reference":"Patient/p1"},
    "focus":[{"reference":"http://x/fhir/DiagnosticReport/r1"},{"reference":"#contained"},{"reference":"urn:uuid:9"}]})",
                      64, "Observation");
  ASSERT_TRUE(r.ok());
  auto idx = index_entries(*r);
  std::vector<IndexEntry> expected{
      {"focus", "DiagnosticReport", "r1"}, {"identifier", "", "2"}, {"identifier", "s", "1"},
      {"patient", "Patient", "p1"},        {"status", "", "final"}, {"subject", "Patient", "p1"}};
  EXPECT_EQ(idx, expected);
}

TEST(StoreSearchIndex, ReferenceKeys) {
  EXPECT_EQ(reference_key("Task/t1", false)->id, "t1");
  EXPECT_EQ(reference_key("https://h/fhir/Task/t1/_history/2", false)->type, "Task");
  EXPECT_FALSE(reference_key("t1", false).has_value());
  EXPECT_EQ(reference_key("t1", true)->type, "");
  EXPECT_FALSE(reference_key("Nope/t1", false).has_value());
  EXPECT_FALSE(reference_key("Task/a b", false).has_value());
  EXPECT_FALSE(reference_key("Task?identifier=x", false).has_value());
  EXPECT_FALSE(reference_key("", true).has_value());
}
