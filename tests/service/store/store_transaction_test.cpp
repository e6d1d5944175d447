// Transaction and batch Bundles through SqliteFhirStore::process_bundle.
#include <gtest/gtest.h>

#include "tests/service/store/store_test_util.hpp"

using namespace sarcoma::service::store;
using namespace sarcoma::service::store::test;
using sarcoma::service::test::TempDir;

namespace {

constexpr const char* kBase = "https://adapter.test/fhir";

// The shape the derive step produces: conditional updates keyed on identifiers, cross-references
// by urn:uuid fullUrls, one of them nested deep inside Task.input.
std::string derived_transaction(const std::string& grade = "G2") {
  return R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"fullUrl":"urn:uuid:11111111-1111-4111-8111-111111111111",
     "resource":{"resourceType":"Observation","status":"preliminary",
       "identifier":[{"system":"https://sarcoma-adapter.dev/id","value":"grade-r1"}],
       "code":{"text":"FNCLCC grade"},"valueCodeableConcept":{"text":")" +
         grade + R"("},
       "subject":{"reference":"Patient/p1"},"focus":[{"reference":"DiagnosticReport/r1"}]},
     "request":{"method":"PUT","url":"Observation?identifier=https%3A%2F%2Fsarcoma-adapter.dev%2Fid%7Cgrade-r1"}},
    {"fullUrl":"urn:uuid:22222222-2222-4222-8222-222222222222",
     "resource":{"resourceType":"Task","status":"requested","intent":"order",
       "identifier":[{"system":"https://sarcoma-adapter.dev/id","value":"task-r1"}],
       "focus":{"reference":"DiagnosticReport/r1"},"for":{"reference":"Patient/p1"},
       "input":[{"type":{"text":"derived"},"valueReference":{"reference":"urn:uuid:11111111-1111-4111-8111-111111111111"}}]},
     "request":{"method":"PUT","url":"Task?identifier=https://sarcoma-adapter.dev/id|task-r1"}},
    {"fullUrl":"urn:uuid:33333333-3333-4333-8333-333333333333",
     "resource":{"resourceType":"Provenance","recorded":"2024-05-01T12:00:00Z",
       "target":[{"reference":"urn:uuid:11111111-1111-4111-8111-111111111111"},{"reference":"urn:uuid:22222222-2222-4222-8222-222222222222"}],
       "identifier":[{"system":"https://sarcoma-adapter.dev/id","value":"prov-r1"}],
       "agent":[{"who":{"display":"sarcoma-adapter"}}],
       "entity":[{"role":"source","what":{"reference":"DiagnosticReport/r1"}}]},
     "request":{"method":"PUT","url":"Provenance?identifier=https://sarcoma-adapter.dev/id|prov-r1"}}]})";
}

class StoreTransaction : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(dir_.file("store.db"));
    ASSERT_NE(store_, nullptr);
  }
  std::int64_t count(const std::string& type) {
    SearchQuery q;
    q.summary_count = true;
    auto page = store_->search(type, q);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
  }
  rapidjson::Document post(const std::string& bundle, Millis now = kT0) {
    auto r = store_->process_bundle(bundle, now, kBase);
    EXPECT_TRUE(r.ok()) << (r.ok() ? ""
                                   : r.error().issues.front().diagnostics + " at " +
                                         r.error().issues.front().expression);
    return json(r.ok() ? r->json : "{}");
  }

  TempDir dir_{"fhir-store-tx"};
  std::unique_ptr<SqliteFhirStore> store_;
};

}  // namespace

TEST_F(StoreTransaction, RewritesUrnUuidReferencesEverywhere) {
  auto resp = post(derived_transaction());
  EXPECT_EQ(str(resp, "type"), "transaction-response");
  ASSERT_EQ(resp["entry"].Size(), 3u);
  for (auto& e : resp["entry"].GetArray()) EXPECT_EQ(str(e["response"], "status"), "201 Created");

  auto obs = store_->read("Observation", "id1");
  auto task = store_->read("Task", "id2");
  auto prov = store_->read("Provenance", "id3");
  ASSERT_TRUE(obs.ok() && task.ok() && prov.ok());
  auto t = json(task->json);
  EXPECT_EQ(str(t["input"][0]["valueReference"], "reference"), "Observation/id1");  // nested
  auto p = json(prov->json);
  EXPECT_EQ(str(p["target"][0], "reference"), "Observation/id1");
  EXPECT_EQ(str(p["target"][1], "reference"), "Task/id2");
  EXPECT_EQ(task->json.find("urn:uuid"), std::string::npos);
  EXPECT_EQ(str(resp["entry"][1]["response"], "location"), "Task/id2/_history/1");
  EXPECT_EQ(str(resp["entry"][1]["response"], "etag"), "W/\"1\"");
  EXPECT_EQ(str(resp["entry"][1]["response"], "lastModified"), "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(str(resp["entry"][1], "fullUrl"), "https://adapter.test/fhir/Task/id2");
}

TEST_F(StoreTransaction, PostingTheSameTransactionTwiceLeavesOneCopyOfEach) {
  auto first = store_->process_bundle(derived_transaction(), kT0, kBase);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->changed.size(), 3u);
  auto second = store_->process_bundle(derived_transaction(), kT0 + 60'000, kBase);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->changed.empty());  // identical content: no new versions
  auto resp = json(second->json);
  for (auto& e : resp["entry"].GetArray()) {
    EXPECT_EQ(str(e["response"], "status"), "200 OK");
    EXPECT_NE(str(e["response"], "location").find("/_history/1"), std::string::npos);
  }
  EXPECT_EQ(count("Observation"), 1);
  EXPECT_EQ(count("Task"), 1);
  EXPECT_EQ(count("Provenance"), 1);

  // A changed result updates the same resources in place.
  auto third = store_->process_bundle(derived_transaction("G3"), kT0 + 120'000, kBase);
  ASSERT_TRUE(third.ok());
  ASSERT_EQ(third->changed.size(), 1u);
  EXPECT_EQ(third->changed[0].type, "Observation");
  EXPECT_EQ(third->changed[0].version, 2);
  EXPECT_EQ(count("Observation"), 1);
}

TEST_F(StoreTransaction, AFailingEntryRollsEverythingBack) {
  // GET entries run last, after every write: a read of a missing resource fails the transaction
  // when the POST and PUT have already been written inside it.
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Patient","identifier":[{"value":"x"}]},"request":{"method":"POST","url":"Patient"}},
    {"resource":{"resourceType":"Observation","id":"o1","status":"final"},"request":{"method":"PUT","url":"Observation/o1"}},
    {"request":{"method":"GET","url":"Task/missing"}}]})";
  auto r = store_->process_bundle(bundle, kT0, kBase);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 404);
  EXPECT_EQ(r.error().issues.front().expression, "Bundle.entry[2]");
  EXPECT_EQ(count("Patient"), 0);
  EXPECT_EQ(count("Observation"), 0);
  EXPECT_EQ(store_->read("Observation", "o1").error().status, 404);
}

TEST_F(StoreTransaction, ConditionalEntryMatchingSeveralResourcesGives412) {
  ASSERT_TRUE(store_->create("Task", task("a", "dup"), kT0).ok());
  ASSERT_TRUE(store_->create("Task", task("b", "dup"), kT0).ok());
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}},
    {"resource":{"resourceType":"Task","status":"ready"},"request":{"method":"PUT","url":"Task?identifier=dup"}}]})";
  auto r = store_->process_bundle(bundle, kT0, kBase);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 412);
  EXPECT_EQ(r.error().issues.front().code, "multiple-matches");
  EXPECT_EQ(r.error().issues.front().expression.rfind("Bundle.entry[1]", 0), 0u);
  EXPECT_EQ(count("Patient"), 0);
  EXPECT_EQ(count("Task"), 2);
}

TEST_F(StoreTransaction, AnInvalidResourceLateInTheBundleWritesNothing) {
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}},
    {"resource":{"resourceType":"Observation","id":"bad id"},"request":{"method":"PUT","url":"Observation/o1"}}]})";
  auto r = store_->process_bundle(bundle, kT0, kBase);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 400);
  EXPECT_EQ(r.error().issues.front().expression, "Bundle.entry[1].resource.id");
  EXPECT_EQ(count("Patient"), 0);

  // The update's body id differs from its URL.
  const std::string late = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Patient"}},
    {"resource":{"resourceType":"Observation","id":"o2"},"request":{"method":"PUT","url":"Observation/o1"}}]})";
  auto l = store_->process_bundle(late, kT0, kBase);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.error().issues.front().expression, "Bundle.entry[1].resource.id");
  EXPECT_EQ(count("Patient"), 0);
}

TEST_F(StoreTransaction, ProcessesDeletePostPutGetAndConditionalCreate) {
  ASSERT_TRUE(
      store_->update("Task", "old", R"({"resourceType":"Task","id":"old","status":"requested"})", kT0).ok());
  ASSERT_TRUE(store_
                  ->create("Patient",
                           R"({"resourceType":"Patient","identifier":[{"system":"mrn","value":"7"}]})", kT0)
                  .ok());
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"request":{"method":"GET","url":"Task?status=requested"}},
    {"fullUrl":"urn:uuid:p","resource":{"resourceType":"Patient","identifier":[{"system":"mrn","value":"7"}]},
     "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=mrn|7"}},
    {"resource":{"resourceType":"Task","status":"requested","for":{"reference":"urn:uuid:p"}},"request":{"method":"POST","url":"Task"}},
    {"request":{"method":"DELETE","url":"Task/old"}},
    {"request":{"method":"GET","url":"Patient/id1"}}]})";
  auto resp = post(bundle);
  ASSERT_EQ(resp["entry"].Size(), 5u);
  // GET runs after the writes: the new Task is found, the deleted one is not.
  auto& search = resp["entry"][0]["resource"];
  EXPECT_EQ(str(search, "type"), "searchset");
  EXPECT_EQ(search["total"].GetInt(), 1);
  EXPECT_EQ(str(search["entry"][0]["resource"], "id"), "id2");
  EXPECT_EQ(str(resp["entry"][1]["response"], "status"), "200 OK");  // matched the existing Patient
  EXPECT_EQ(str(resp["entry"][2]["response"], "status"), "201 Created");
  EXPECT_EQ(str(resp["entry"][3]["response"], "status"), "204 No Content");
  EXPECT_EQ(str(resp["entry"][4]["resource"], "resourceType"), "Patient");
  // The reference to the conditionally created Patient points at the existing one.
  EXPECT_EQ(str(json(store_->read("Task", "id2")->json)["for"], "reference"), "Patient/id1");
  EXPECT_EQ(store_->read("Task", "old").error().status, 410);
  EXPECT_EQ(count("Patient"), 1);
}

TEST_F(StoreTransaction, RefusesDanglingUrnReferencesAndDuplicateTargets) {
  auto dangling = store_->process_bundle(R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Task","focus":{"reference":"urn:uuid:nowhere"}},"request":{"method":"POST","url":"Task"}}]})",
                                         kT0, kBase);
  ASSERT_FALSE(dangling.ok());
  EXPECT_EQ(dangling.error().issues.front().expression, "Bundle.entry[0].resource.focus.reference");

  auto twice = store_->process_bundle(R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Task","id":"t"},"request":{"method":"PUT","url":"Task/t"}},
    {"resource":{"resourceType":"Task","id":"t"},"request":{"method":"PUT","url":"Task/t"}}]})",
                                      kT0, kBase);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().issues.front().code, "duplicate");
  EXPECT_EQ(twice.error().issues.front().expression, "Bundle.entry[1]");

  // Two conditional creates with the same criteria would create two resources.
  auto same_criteria = store_->process_bundle(R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"resource":{"resourceType":"Task"},"request":{"method":"PUT","url":"Task?identifier=s|1"}},
    {"resource":{"resourceType":"Task"},"request":{"method":"PUT","url":"Task?identifier=s%7C1"}}]})",
                                              kT0, kBase);
  ASSERT_FALSE(same_criteria.ok());
  EXPECT_EQ(same_criteria.error().issues.front().code, "duplicate");
  EXPECT_EQ(count("Task"), 0);
}

TEST_F(StoreTransaction, RefusesMalformedBundlesAndRequests) {
  struct Case {
    const char* bundle;
    int status;
    const char* expression;
  };
  const Case cases[] = {
      {R"({"resourceType":"Bundle","type":"collection"})", 400, "Bundle.type"},
      {R"({"resourceType":"Patient"})", 422, "Bundle.resourceType"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":{}})", 400, "Bundle.entry"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Task"}}]})",
       400, "Bundle.entry[0].request"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"PATCH","url":"Task/1"}}]})",
       400, "Bundle.entry[0].request.method"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"GET","url":"Nope/1"}}]})",
       400, "Bundle.entry[0].request.url"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"DELETE","url":"Task?status=x"}}]})",
       400, "Bundle.entry[0].request.url"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"POST","url":"Task"}}]})",
       400, "Bundle.entry[0].resource"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Task"}}]})",
       422, "Bundle.entry[0].resource.resourceType"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"GET","url":"http://elsewhere/fhir/Task/1"}}]})",
       400, "Bundle.entry[0].request.url"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"GET","url":"Task?name=x"}}]})",
       400, "Bundle.entry[0].request.url"},
      {R"({"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"GET","url":"Task/missing"}}]})",
       404, "Bundle.entry[0]"},
      {R"({"resourceType":"Bundle", "type":)", 400, "Bundle.type"},
  };
  for (const auto& c : cases) {
    auto r = store_->process_bundle(c.bundle, kT0, kBase);
    ASSERT_FALSE(r.ok()) << c.bundle;
    EXPECT_EQ(r.error().status, c.status) << c.bundle;
    EXPECT_EQ(r.error().issues.front().expression, c.expression) << c.bundle;
  }
}

TEST_F(StoreTransaction, TooManyEntriesAreRefused) {
  std::string bundle = R"({"resourceType":"Bundle","type":"batch","entry":[)";
  for (int i = 0; i < 1001; ++i)
    bundle += std::string(i ? "," : "") + R"({"request":{"method":"GET","url":"Task"}})";
  bundle += "]}";
  auto r = store_->process_bundle(bundle, kT0, kBase);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 413);
}

TEST_F(StoreTransaction, BatchEntriesSucceedOrFailOnTheirOwn) {
  const std::string bundle = R"({"resourceType":"Bundle","type":"batch","entry":[
    {"resource":{"resourceType":"Task","status":"requested"},"request":{"method":"POST","url":"Task"}},
    {"resource":{"resourceType":"Task","id":"x"},"request":{"method":"PUT","url":"Task/y"}},
    {"request":{"method":"GET","url":"Task/missing"}},
    {"resource":{"resourceType":"Task","id":"t","status":"ready"},"request":{"method":"PUT","url":"Task/t"}}]})";
  auto r = store_->process_bundle(bundle, kT0, kBase);
  ASSERT_TRUE(r.ok());
  auto resp = json(r->json);
  EXPECT_EQ(str(resp, "type"), "batch-response");
  EXPECT_EQ(str(resp["entry"][0]["response"], "status"), "201 Created");
  EXPECT_EQ(str(resp["entry"][1]["response"], "status"), "400 Bad Request");
  EXPECT_EQ(str(resp["entry"][1]["response"]["outcome"], "resourceType"), "OperationOutcome");
  EXPECT_EQ(std::string(resp["entry"][1]["response"]["outcome"]["issue"][0]["expression"][0].GetString()),
            "Bundle.entry[1].resource.id");
  EXPECT_EQ(str(resp["entry"][2]["response"], "status"), "404 Not Found");
  EXPECT_EQ(str(resp["entry"][3]["response"], "status"), "201 Created");
  EXPECT_EQ(count("Task"), 2);
  ASSERT_EQ(r->changed.size(), 2u);
  EXPECT_EQ(r->changed[1].id, "t");
}

TEST_F(StoreTransaction, EmptyTransactionGivesAnEmptyResponse) {
  auto resp = post(R"({"resourceType":"Bundle","type":"transaction"})");
  EXPECT_EQ(str(resp, "type"), "transaction-response");
  EXPECT_EQ(resp["entry"].Size(), 0u);
}

TEST_F(StoreTransaction, TruncatedAndMutatedBundlesNeverCrashOrFailInternally) {
  const std::string good = derived_transaction();
  for (std::size_t n = 0; n < good.size(); n += 7) {
    auto r = store_->process_bundle(good.substr(0, n), kT0, kBase);
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().status, 400) << n;
  }
  // Deterministic single-byte mutations: whatever they turn into, the answer is a result or a 4xx.
  std::uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u; };
  const char replacements[] = {'"', '{', '}', '[', ']', ',', ':', '\\', '\0', 'x', '\xff', '/', '|', '?'};
  for (int i = 0; i < 400; ++i) {
    std::string mutated = good;
    mutated[next() % mutated.size()] = replacements[next() % sizeof replacements];
    auto r = store_->process_bundle(mutated, kT0 + i, kBase);
    if (!r.ok()) {
      EXPECT_GE(r.error().status, 400) << mutated;
      EXPECT_LT(r.error().status, 500) << mutated;
      EXPECT_FALSE(r.error().issues.empty());
    }
  }
}
