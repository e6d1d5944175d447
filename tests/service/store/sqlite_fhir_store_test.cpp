#include "adapter/service/store/sqlite_fhir_store.hpp"

#include <gtest/gtest.h>

#include "tests/service/store/store_test_util.hpp"

using namespace sarcoma::service::store;
using namespace sarcoma::service::store::test;
using sarcoma::service::test::TempDir;

namespace {

class SqliteFhirStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(dir_.file("store.db"), counter_);
    ASSERT_NE(store_, nullptr);
  }
  std::int64_t count(const std::string& type, QueryParams params = {}) {
    params.emplace_back("_summary", "count");
    auto q = parse_search(params);
    EXPECT_TRUE(q.ok());
    auto page = store_->search(type, *q);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
  }
  SearchPage search(const std::string& type, const QueryParams& params) {
    auto q = parse_search(params);
    EXPECT_TRUE(q.ok());
    auto page = store_->search(type, *q);
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().issues.front().diagnostics);
    return page.ok() ? *page : SearchPage{};
  }

  TempDir dir_{"fhir-store"};
  std::shared_ptr<int> counter_ = std::make_shared<int>(0);
  std::unique_ptr<SqliteFhirStore> store_;
};

}  // namespace

TEST_F(SqliteFhirStoreTest, CreateAssignsIdVersionAndLastUpdated) {
  auto w =
      store_->create("Task", R"({"resourceType":"Task","id":"ignored","status":"requested","intent":"order",
    "meta":{"versionId":"99","profile":["http://example.org/p"]},"note":[{"text":"1.50"}],"priority":"routine"})",
                     kT0);
  ASSERT_TRUE(w.ok()) << w.error().issues.front().diagnostics;
  EXPECT_EQ(w->kind, WriteKind::created);
  EXPECT_EQ(w->resource.id, "id1");  // a create ignores the body's id
  EXPECT_EQ(w->resource.version, 1);
  auto doc = json(w->resource.json);
  EXPECT_EQ(str(doc, "id"), "id1");
  EXPECT_EQ(str(doc["meta"], "versionId"), "1");
  EXPECT_EQ(str(doc["meta"], "lastUpdated"), "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(std::string(doc["meta"]["profile"][0].GetString()), "http://example.org/p");  // other meta kept
  // Canonical order: resourceType, id, meta first.
  EXPECT_EQ(w->resource.json.rfind(R"({"resourceType":"Task","id":"id1","meta":{"versionId":"1")", 0), 0u);

  auto r = store_->read("Task", "id1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->json, w->resource.json);
  EXPECT_EQ(r->last_updated, kT0);
}

TEST_F(SqliteFhirStoreTest, DecimalsKeepTheirPrecision) {
  auto w = store_->create(
      "Observation",
      R"({"resourceType":"Observation","status":"final","code":{"text":"size"},"valueQuantity":{"value":5.0,"unit":"cm"}})",
      kT0);
  ASSERT_TRUE(w.ok());
  EXPECT_NE(store_->read("Observation", w->resource.id)->json.find(R"("value":5.0)"), std::string::npos);
}

TEST_F(SqliteFhirStoreTest, UpdateCreatesThenVersionsAndSkipsUnchangedContent) {
  const std::string v1 = R"({"resourceType":"Task","id":"t1","status":"requested","intent":"order"})";
  auto a = store_->update("Task", "t1", v1, kT0);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->kind, WriteKind::created);
  EXPECT_EQ(a->resource.version, 1);

  // Same content, other member order and a stale meta: no new version.
  auto same = store_->update(
      "Task", "t1",
      R"({"intent":"order","resourceType":"Task","status":"requested","id":"t1","meta":{"versionId":"7"}})",
      kT0 + 1000);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->kind, WriteKind::unchanged);
  EXPECT_EQ(same->resource.version, 1);
  EXPECT_EQ(same->resource.last_updated, kT0);

  auto changed = store_->update(
      "Task", "t1", R"({"resourceType":"Task","id":"t1","status":"completed","intent":"order"})", kT0 + 2000);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->kind, WriteKind::updated);
  EXPECT_EQ(changed->resource.version, 2);
  EXPECT_EQ(str(json(store_->read("Task", "t1")->json), "status"), "completed");
  EXPECT_EQ(str(json(store_->read("Task", "t1")->json)["meta"], "lastUpdated"), "2024-05-01T12:34:58.789Z");
}

TEST_F(SqliteFhirStoreTest, UpdateChecksTheBodyAgainstTheUrl) {
  auto no_id = store_->update("Task", "t1", R"({"resourceType":"Task","status":"requested"})", kT0);
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.error().status, 400);
  EXPECT_EQ(first_issue_expression(no_id.error().issues), "Task.id");

  auto other = store_->update("Task", "t1", R"({"resourceType":"Task","id":"t2"})", kT0);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().status, 400);

  auto wrong_type = store_->update("Task", "t1", R"({"resourceType":"Patient","id":"t1"})", kT0);
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.error().status, 422);
  EXPECT_EQ(first_issue_expression(wrong_type.error().issues), "Task.resourceType");

  auto bad_id = store_->update("Task", "t 1", R"({"resourceType":"Task","id":"t 1"})", kT0);
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().status, 400);
  EXPECT_EQ(count("Task"), 0);
}

TEST_F(SqliteFhirStoreTest, MalformedBodiesAreRefusedWithThePath) {
  auto bad = store_->create("Task", R"({"resourceType":"Task","identifier":[{"value": }]})", kT0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().status, 400);
  EXPECT_EQ(first_issue_expression(bad.error().issues), "Task.identifier[0].value");

  for (const char* body : {"[]", "\"Task\"", R"({"id":"x"})", R"({"resourceType":"Nope"})",
                           R"({"resourceType":"Task","id":5})", R"({"resourceType":"Task","meta":[]})", ""}) {
    auto r = store_->create("Task", body, kT0);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_GE(r.error().status, 400) << body;
    EXPECT_LT(r.error().status, 500) << body;
  }
  EXPECT_FALSE(store_->create("Nope", R"({"resourceType":"Nope"})", kT0).ok());
  EXPECT_EQ(count("Task"), 0);
}

TEST_F(SqliteFhirStoreTest, DeleteMakesReadsGoneAndSearchesEmpty) {
  ASSERT_TRUE(
      store_->update("Task", "t1", R"({"resourceType":"Task","id":"t1","status":"requested"})", kT0).ok());
  auto d = store_->remove("Task", "t1", kT0 + 1);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind, WriteKind::deleted);
  EXPECT_EQ(d->resource.version, 2);
  auto r = store_->read("Task", "t1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 410);
  EXPECT_EQ(count("Task", {{"status", "requested"}}), 0);
  EXPECT_EQ(store_->remove("Task", "t1", kT0 + 2)->kind, WriteKind::absent);
  EXPECT_EQ(store_->read("Task", "nope").error().status, 404);
  // Writing again after a delete creates it anew, with the next version.
  auto again = store_->update("Task", "t1", R"({"resourceType":"Task","id":"t1","status":"ready"})", kT0 + 3);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->kind, WriteKind::created);
  EXPECT_EQ(again->resource.version, 3);
}

TEST_F(SqliteFhirStoreTest, ConditionalUpdateZeroOneAndManyMatches) {
  const QueryParams criteria{{"identifier", "https://sarcoma-adapter.dev/id|A"}};
  auto first = store_->conditional_update("Task", criteria, task("https://sarcoma-adapter.dev/id", "A"), kT0);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->kind, WriteKind::created);
  EXPECT_EQ(first->resource.id, "id1");  // a server id

  auto second = store_->conditional_update("Task", criteria,
                                           task("https://sarcoma-adapter.dev/id", "A", "ready"), kT0 + 1);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->kind, WriteKind::updated);
  EXPECT_EQ(second->resource.id, "id1");
  EXPECT_EQ(second->resource.version, 2);

  // A body id that differs from the match is an error.
  auto clash = store_->conditional_update(
      "Task", criteria,
      R"({"resourceType":"Task","id":"zzz","identifier":[{"system":"https://sarcoma-adapter.dev/id","value":"A"}]})",
      kT0 + 2);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().status, 400);

  // No match with a body id: created at that id.
  auto with_id = store_->conditional_update(
      "Task", {{"identifier", "https://sarcoma-adapter.dev/id|B"}},
      R"({"resourceType":"Task","id":"given","identifier":[{"system":"https://sarcoma-adapter.dev/id","value":"B"}]})",
      kT0);
  ASSERT_TRUE(with_id.ok());
  EXPECT_EQ(with_id->resource.id, "given");

  // Two resources share value "A" in different systems: matching on the value alone is ambiguous.
  ASSERT_TRUE(store_->create("Task", task("other-system", "A"), kT0).ok());
  auto many = store_->conditional_update("Task", {{"identifier", "A"}}, task("x", "A"), kT0);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().status, 412);
  EXPECT_EQ(many.error().issues.front().code, "multiple-matches");
  EXPECT_EQ(count("Task"), 3);

  auto no_criteria = store_->conditional_update("Task", {}, task("x", "A"), kT0);
  ASSERT_FALSE(no_criteria.ok());
  EXPECT_EQ(no_criteria.error().status, 400);
}

TEST_F(SqliteFhirStoreTest, ConditionalCreateReturnsTheExistingResource) {
  const QueryParams ine{{"identifier", "s|1"}};
  auto a = store_->create("Task", task("s", "1"), kT0, ine);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->kind, WriteKind::created);
  auto b = store_->create("Task", task("s", "1", "ready"), kT0 + 1, ine);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->kind, WriteKind::existing);
  EXPECT_EQ(b->resource.id, a->resource.id);
  EXPECT_EQ(str(json(b->resource.json), "status"), "requested");  // untouched
  ASSERT_TRUE(store_->create("Task", task("s2", "1"), kT0).ok());
  auto many = store_->create("Task", task("s", "1"), kT0, {{"identifier", "1"}});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().status, 412);
  EXPECT_EQ(count("Task"), 2);
}

TEST_F(SqliteFhirStoreTest, SearchByIdentifierStatusIdAndReferences) {
  ASSERT_TRUE(store_
                  ->update("Task", "a", R"({"resourceType":"Task","id":"a","status":"requested",
    "identifier":[{"system":"s","value":"1"}],"focus":{"reference":"DiagnosticReport/r1"},"for":{"reference":"Patient/p1"}})",
                           kT0)
                  .ok());
  ASSERT_TRUE(store_
                  ->update("Task", "b", R"({"resourceType":"Task","id":"b","status":"completed",
    "identifier":[{"system":"s","value":"2"},{"value":"free"}],"focus":{"reference":"DiagnosticReport/r2"},"for":{"reference":"Patient/p2"}})",
                           kT0)
                  .ok());
  ASSERT_TRUE(store_
                  ->update("Observation", "o", R"({"resourceType":"Observation","id":"o","status":"final",
    "subject":{"reference":"Patient/p1"},"focus":[{"reference":"DiagnosticReport/r1"}]})",
                           kT0)
                  .ok());

  auto ids = [&](const std::string& type, const QueryParams& p) {
    std::vector<std::string> out;
    for (const auto& r : search(type, p).resources) out.push_back(r.id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("Task", {{"status", "requested"}}), V{"a"});
  EXPECT_EQ(ids("Task", {{"status", "requested,completed"}}), (V{"a", "b"}));
  EXPECT_EQ(ids("Task", {{"identifier", "s|2"}}), V{"b"});
  EXPECT_EQ(ids("Task", {{"identifier", "2"}}), V{"b"});
  EXPECT_EQ(ids("Task", {{"identifier", "|free"}}), V{"b"});
  EXPECT_EQ(ids("Task", {{"identifier", "|1"}}), V{});  // "1" has a system
  EXPECT_EQ(ids("Task", {{"identifier", "s|"}}), (V{"a", "b"}));
  EXPECT_EQ(ids("Task", {{"identifier", "other|1"}}), V{});
  EXPECT_EQ(ids("Task", {{"_id", "b,zzz"}}), V{"b"});
  EXPECT_EQ(ids("Task", {{"focus", "DiagnosticReport/r1"}}), V{"a"});
  EXPECT_EQ(ids("Task", {{"focus", "r2"}}), V{"b"});
  EXPECT_EQ(ids("Task", {{"for", "Patient/p2"}}), V{"b"});
  EXPECT_EQ(ids("Task", {{"patient", "Patient/p1"}}), V{"a"});
  EXPECT_EQ(ids("Observation", {{"patient", "p1"}}), V{"o"});
  EXPECT_EQ(ids("Observation", {{"subject", "Patient/p1"}}), V{"o"});
  EXPECT_EQ(ids("Observation", {{"subject", "Group/p1"}}), V{});
  // Repeated parameters are AND.
  EXPECT_EQ(ids("Task", {{"status", "requested,completed"}, {"identifier", "s|1"}}), V{"a"});
  EXPECT_EQ(ids("Task", {{"status", "completed"}, {"identifier", "s|1"}}), V{});
  // Types are separate.
  EXPECT_EQ(ids("Observation", {{"_id", "a"}}), V{});
}

TEST_F(SqliteFhirStoreTest, PagingSortingAndCounting) {
  for (int i = 0; i < 7; ++i) {
    // Created in order t0..t6 but with lastUpdated descending, to tell the sort orders apart.
    const std::string id = "t" + std::to_string(i);
    ASSERT_TRUE(store_
                    ->update("Task", id,
                             R"({"resourceType":"Task","id":")" + id + R"(","status":"requested"})",
                             kT0 - i * 1000)
                    .ok());
  }
  auto page = search("Task", {{"status", "requested"}, {"_count", "3"}, {"_offset", "3"}});
  EXPECT_EQ(page.total, 7);
  ASSERT_EQ(page.resources.size(), 3u);
  EXPECT_EQ(page.resources[0].id, "t3");
  EXPECT_EQ(search("Task", {{"_count", "3"}, {"_offset", "6"}}).resources.size(), 1u);
  EXPECT_TRUE(search("Task", {{"_offset", "70"}}).resources.empty());
  EXPECT_EQ(search("Task", {{"_sort", "_lastUpdated"}}).resources.front().id, "t6");
  EXPECT_EQ(search("Task", {{"_sort", "-_lastUpdated"}}).resources.front().id, "t0");
  auto summary = search("Task", {{"_summary", "count"}});
  EXPECT_EQ(summary.total, 7);
  EXPECT_TRUE(summary.resources.empty());
}

TEST_F(SqliteFhirStoreTest, SurvivesReopening) {
  ASSERT_TRUE(
      store_->update("Task", "t1", R"({"resourceType":"Task","id":"t1","status":"requested"})", kT0).ok());
  store_.reset();
  store_ = open_store(dir_.file("store.db"));
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(store_->read("Task", "t1")->version, 1);
  EXPECT_EQ(count("Task", {{"status", "requested"}}), 1);
}

TEST_F(SqliteFhirStoreTest, OpenFailsCleanlyOnAnUnusablePath) {
  auto s = SqliteFhirStore::open(dir_.file("missing-dir/store.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("store"), std::string::npos);
}

TEST_F(SqliteFhirStoreTest, DefaultIdsAreRandomUuids) {
  auto s = SqliteFhirStore::open(dir_.file("uuid.db"));
  ASSERT_TRUE(s.ok());
  auto a = (*s)->create("Task", R"({"resourceType":"Task"})", kT0);
  auto b = (*s)->create("Task", R"({"resourceType":"Task"})", kT0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->resource.id, b->resource.id);
  ASSERT_EQ(a->resource.id.size(), 36u);
  EXPECT_EQ(a->resource.id[14], '4');                                          // version 4
  EXPECT_NE(std::string("89ab").find(a->resource.id[19]), std::string::npos);  // RFC 4122 variant
}

TEST_F(SqliteFhirStoreTest, DerivedObservationsAreFoundByTheirSource) {
  ASSERT_TRUE(store_
                  ->update("Observation", "grade", R"({"resourceType":"Observation","id":"grade","status":"preliminary",
    "derivedFrom":[{"reference":"Observation/size-1"},{"reference":"Observation/mitoses-1"}]})",
                           kT0)
                  .ok());
  ASSERT_TRUE(store_
                  ->update("Observation", "t", R"({"resourceType":"Observation","id":"t","status":"preliminary",
    "derivedFrom":[{"reference":"Observation/size-1"}]})",
                           kT0)
                  .ok());
  auto ids = [&](const QueryParams& p) {
    std::vector<std::string> out;
    for (const auto& r : search("Observation", p).resources) out.push_back(r.id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({{"derived-from", "Observation/size-1"}}), (V{"grade", "t"}));
  EXPECT_EQ(ids({{"derived-from", "Observation/mitoses-1"}}), V{"grade"});
  EXPECT_EQ(ids({{"derived-from", "Observation/other"}}), V{});
}

TEST_F(SqliteFhirStoreTest, WorklistOrderIsMostUrgentThenOldest) {
  struct T {
    const char* id;
    const char* priority;
    Millis at;
  };
  for (const T& t : {T{"r-old", "routine", kT0}, T{"u", "urgent", kT0 + 1}, T{"a-new", "asap", kT0 + 5},
                     T{"r-new", "routine", kT0 + 6}, T{"a-old", "asap", kT0 + 2}, T{"s", "stat", kT0 + 3}}) {
    ASSERT_TRUE(store_
                    ->update("Task", t.id,
                             std::string(R"({"resourceType":"Task","id":")") + t.id +
                                 R"(","status":"requested","intent":"order","priority":")" + t.priority + R"("})",
                             t.at)
                    .ok());
  }
  auto ids = [&](const QueryParams& p) {
    std::vector<std::string> out;
    for (const auto& r : search("Task", p).resources) out.push_back(r.id);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids({{"status", "requested"}, {"_sort", "-priority"}}), (V{"s", "a-old", "a-new", "u", "r-old", "r-new"}));
  EXPECT_EQ(ids({{"_sort", "priority"}}), (V{"r-old", "r-new", "u", "a-old", "a-new", "s"}));
}
