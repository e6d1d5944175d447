// The FHIR REST surface through Router::handle: plain HttpRequest values, no sockets.
#include "adapter/service/store/fhir_rest.hpp"

#include <gtest/gtest.h>

#include "tests/service/store/store_test_util.hpp"

using namespace sarcoma::service;
using namespace sarcoma::service::store;
using namespace sarcoma::service::store::test;
using sarcoma::service::test::TempDir;

namespace {

class FhirRest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(dir_.file("store.db"));
    ASSERT_NE(store_, nullptr);
    FhirRestOptions o;
    o.clock = [this] { return now_; };
    o.on_report_stored = [this](const StoredRef& ref) { reports_.push_back(ref); };
    o.max_body_bytes = 64 * 1024;
    o.software_version = "0.1.0";
    add_fhir_routes(router_, *store_, o);
  }

  HttpResponse send(std::string method, std::string target, std::string body = {},
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.headers.emplace_back("host", "adapter.test:8080");
    if (!r.body.empty() && !r.header("content-type"))
      r.headers.emplace_back("content-type", "application/fhir+json");
    return router_.handle(r);
  }
  static std::string header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "<none>";
  }
  static std::string issue_code(const HttpResponse& r) {
    auto d = json(r.body);
    return str(d["issue"][0], "code");
  }
  static std::string issue_expression(const HttpResponse& r) {
    auto d = json(r.body);
    return d["issue"][0].HasMember("expression") ? d["issue"][0]["expression"][0].GetString() : "";
  }

  TempDir dir_{"fhir-rest"};
  std::unique_ptr<SqliteFhirStore> store_;
  Router router_;
  Millis now_ = kT0;
  std::vector<StoredRef> reports_;
};

const std::string kReport =
    R"({"resourceType":"DiagnosticReport","status":"final","code":{"text":"pathology"},
        "identifier":[{"system":"https://lis.example/reports","value":"R-1"}],"subject":{"reference":"Patient/p1"}})";

}  // namespace

TEST_F(FhirRest, CreateReturns201WithLocationEtagAndTheResource) {
  auto r = send("POST", "/fhir/DiagnosticReport", kReport);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(header(r, "Location"), "http://adapter.test:8080/fhir/DiagnosticReport/id1/_history/1");
  EXPECT_EQ(header(r, "ETag"), "W/\"1\"");
  EXPECT_EQ(header(r, "Last-Modified"), "Wed, 01 May 2024 12:34:56 GMT");
  EXPECT_EQ(r.content_type, "application/fhir+json");
  auto d = json(r.body);
  EXPECT_EQ(str(d, "id"), "id1");
  EXPECT_EQ(str(d["meta"], "versionId"), "1");

  auto read = send("GET", "/fhir/DiagnosticReport/id1");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, r.body);
  EXPECT_EQ(header(read, "ETag"), "W/\"1\"");
  EXPECT_EQ(send("GET", "/fhir/DiagnosticReport/id1/_history/1").status, 200);
  EXPECT_EQ(send("GET", "/fhir/DiagnosticReport/id1/_history/2").status, 404);
}

TEST_F(FhirRest, ReportHookFiresForNewVersionsOnly) {
  ASSERT_EQ(send("POST", "/fhir/DiagnosticReport", kReport).status, 201);
  ASSERT_EQ(reports_.size(), 1u);
  EXPECT_EQ(reports_[0].id, "id1");
  EXPECT_EQ(reports_[0].version, 1);

  const std::string put =
      R"({"resourceType":"DiagnosticReport","id":"r9","status":"final","code":{"text":"x"}})";
  EXPECT_EQ(send("PUT", "/fhir/DiagnosticReport/r9", put).status, 201);
  EXPECT_EQ(send("PUT", "/fhir/DiagnosticReport/r9", put).status, 200);  // unchanged: no hook
  ASSERT_EQ(reports_.size(), 2u);
  EXPECT_EQ(reports_[1].id, "r9");

  auto cond = send("PUT", "/fhir/DiagnosticReport?identifier=https%3A%2F%2Flis.example%2Freports%7CR-1",
                   R"({"resourceType":"DiagnosticReport","status":"amended","code":{"text":"pathology"},
                       "identifier":[{"system":"https://lis.example/reports","value":"R-1"}]})");
  EXPECT_EQ(cond.status, 200) << cond.body;
  ASSERT_EQ(reports_.size(), 3u);
  EXPECT_EQ(reports_[2].id, "id1");
  EXPECT_EQ(reports_[2].version, 2);

  // Other types never reach the hook; transactions report each DiagnosticReport they change.
  EXPECT_EQ(send("POST", "/fhir/Task", R"({"resourceType":"Task","status":"requested"})").status, 201);
  auto tx = send("POST", "/fhir", R"({"resourceType":"Bundle","type":"transaction","entry":[
      {"resource":{"resourceType":"DiagnosticReport","id":"r10","status":"final","code":{"text":"x"}},
       "request":{"method":"PUT","url":"DiagnosticReport/r10"}},
      {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"}},"request":{"method":"POST","url":"Observation"}}]})");
  EXPECT_EQ(tx.status, 200) << tx.body;
  ASSERT_EQ(reports_.size(), 4u);
  EXPECT_EQ(reports_[3].id, "r10");
}

TEST_F(FhirRest, SearchReturnsASearchsetWithPagingLinks) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(
        send("POST", "/fhir/Task", task("https://sarcoma-adapter.dev/id", "t" + std::to_string(i))).status,
        201);
  }
  ASSERT_EQ(send("POST", "/fhir/Task", task("https://sarcoma-adapter.dev/id", "done", "completed")).status,
            201);
  auto r = send("GET", "/fhir/Task?status=requested&_count=2");
  ASSERT_EQ(r.status, 200) << r.body;
  auto d = json(r.body);
  EXPECT_EQ(str(d, "type"), "searchset");
  EXPECT_EQ(d["total"].GetInt(), 5);
  ASSERT_EQ(d["entry"].Size(), 2u);
  EXPECT_EQ(str(d["entry"][0], "fullUrl"), "http://adapter.test:8080/fhir/Task/id1");
  EXPECT_EQ(str(d["entry"][0]["search"], "mode"), "match");
  EXPECT_EQ(str(d["entry"][0]["resource"], "resourceType"), "Task");
  std::map<std::string, std::string> links;
  for (auto& l : d["link"].GetArray()) links[str(l, "relation")] = str(l, "url");
  EXPECT_EQ(links["self"], "http://adapter.test:8080/fhir/Task?status=requested&_count=2&_offset=0");
  EXPECT_EQ(links["next"], "http://adapter.test:8080/fhir/Task?status=requested&_count=2&_offset=2");
  EXPECT_EQ(links.count("previous"), 0u);

  // Following next to the end: the last page has previous and no next.
  auto last = send("GET", "/fhir/Task?status=requested&_count=2&_offset=4");
  auto l = json(last.body);
  ASSERT_EQ(l["entry"].Size(), 1u);
  std::map<std::string, std::string> last_links;
  for (auto& x : l["link"].GetArray()) last_links[str(x, "relation")] = str(x, "url");
  EXPECT_EQ(last_links.count("next"), 0u);
  EXPECT_EQ(last_links["previous"], "http://adapter.test:8080/fhir/Task?status=requested&_count=2&_offset=2");

  auto counted = json(send("GET", "/fhir/Task?_summary=count").body);
  EXPECT_EQ(counted["total"].GetInt(), 6);
  EXPECT_FALSE(counted.HasMember("entry"));
}

TEST_F(FhirRest, QueryValuesArePercentDecoded) {
  ASSERT_EQ(send("POST", "/fhir/Task", task("https://sarcoma-adapter.dev/id", "a b|c")).status, 201);
  // '|' inside the value is escaped for FHIR (\|) and percent-encoded for the URL (%5C%7C).
  auto r = send("GET", "/fhir/Task?identifier=https%3A%2F%2Fsarcoma-adapter.dev%2Fid%7Ca+b%5C%7Cc");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json(r.body)["total"].GetInt(), 1);
  auto unencoded = send("GET", "/fhir/Task?identifier=https://sarcoma-adapter.dev/id|a%20b\\|c");
  EXPECT_EQ(json(unencoded.body)["total"].GetInt(), 1);
  auto other = send("GET", "/fhir/Task?identifier=https%3A%2F%2Fsarcoma-adapter.dev%2Fid%7Cab");
  EXPECT_EQ(json(other.body)["total"].GetInt(), 0);
  EXPECT_EQ(send("GET", "/fhir/Task?identifier=%ZZ").status, 400);
}

TEST_F(FhirRest, ConditionalCreateAndMultipleMatches) {
  const std::vector<std::pair<std::string, std::string>> ine{
      {"if-none-exist", "identifier=https://lis.example/reports|R-1"}};
  EXPECT_EQ(send("POST", "/fhir/DiagnosticReport", kReport, ine).status, 201);
  auto again = send("POST", "/fhir/DiagnosticReport", kReport, ine);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(str(json(again.body), "id"), "id1");
  EXPECT_EQ(reports_.size(), 1u);

  EXPECT_EQ(send("POST", "/fhir/Task", task("a", "same")).status, 201);
  EXPECT_EQ(send("POST", "/fhir/Task", task("b", "same")).status, 201);
  auto many = send("PUT", "/fhir/Task?identifier=same", task("c", "same"));
  EXPECT_EQ(many.status, 412);
  EXPECT_EQ(issue_code(many), "multiple-matches");
}

TEST_F(FhirRest, TransactionThroughTheBase) {
  const std::string bundle = R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"fullUrl":"urn:uuid:aaaaaaaa-0000-4000-8000-000000000001","resource":{"resourceType":"Observation","status":"preliminary",
      "code":{"text":"grade"},"identifier":[{"system":"s","value":"o"}]},"request":{"method":"PUT","url":"Observation?identifier=s%7Co"}},
    {"resource":{"resourceType":"Task","status":"requested","identifier":[{"system":"s","value":"t"}],
      "input":[{"valueReference":{"reference":"urn:uuid:aaaaaaaa-0000-4000-8000-000000000001"}}]},
     "request":{"method":"PUT","url":"Task?identifier=s|t"}}]})";
  for (int round = 0; round < 2; ++round) {
    auto r = send("POST", "/fhir", bundle);
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = json(r.body);
    EXPECT_EQ(str(d, "type"), "transaction-response");
    EXPECT_EQ(str(d["entry"][0]["response"], "status"), round == 0 ? "201 Created" : "200 OK");
  }
  auto tasks = json(send("GET", "/fhir/Task?identifier=s|t").body);
  EXPECT_EQ(tasks["total"].GetInt(), 1);
  EXPECT_EQ(str(tasks["entry"][0]["resource"]["input"][0]["valueReference"], "reference"), "Observation/id1");
  EXPECT_EQ(json(send("GET", "/fhir/Observation?_summary=count").body)["total"].GetInt(), 1);

  auto bad = send("POST", "/fhir", R"({"resourceType":"Bundle","type":"transaction","entry":[
    {"request":{"method":"GET","url":"Task/none"}}]})");
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(issue_expression(bad), "Bundle.entry[0]");
}

TEST_F(FhirRest, BadInputGivesOperationOutcomesWithTheRightStatus) {
  auto bad_json = send("POST", "/fhir/Task", R"({"resourceType":"Task","status":)");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(str(json(bad_json.body), "resourceType"), "OperationOutcome");
  EXPECT_EQ(issue_expression(bad_json), "Task.status");

  auto wrong_type = send("POST", "/fhir/Task", R"({"resourceType":"Patient"})");
  EXPECT_EQ(wrong_type.status, 422);
  EXPECT_EQ(issue_expression(wrong_type), "Task.resourceType");

  EXPECT_EQ(send("POST", "/fhir/Task", "<Task/>", {{"content-type", "application/fhir+xml"}}).status, 415);
  EXPECT_EQ(send("POST", "/fhir/Task", R"({"resourceType":"Task"})",
                 {{"content-type", "application/fhir+json; charset=utf-8"}})
                .status,
            201);
  EXPECT_EQ(send("GET", "/fhir/Task", "", {{"accept", "application/fhir+xml"}}).status, 406);
  EXPECT_EQ(
      send("GET", "/fhir/Task", "", {{"accept", "application/fhir+xml, application/json;q=0.5"}}).status,
      200);
  EXPECT_EQ(send("GET", "/fhir/Task?_format=xml").status, 406);
  EXPECT_EQ(send("GET", "/fhir/Task?_format=json").status, 200);
  EXPECT_EQ(send("POST", "/fhir/Task", std::string(64 * 1024 + 1, ' ')).status, 413);

  EXPECT_EQ(send("GET", "/fhir/Nope/1").status, 404);
  EXPECT_EQ(send("GET", "/fhir/task").status, 404);
  EXPECT_EQ(send("GET", "/fhir/Task/bad%20id").status, 400);
  EXPECT_EQ(send("GET", "/fhir/Task/" + std::string(65, 'a')).status, 400);
  EXPECT_EQ(send("GET", "/fhir/Task/missing").status, 404);
  EXPECT_EQ(issue_code(send("GET", "/fhir/Task/missing")), "not-found");
  EXPECT_EQ(send("GET", "/fhir/Task?unknown=1").status, 400);
  EXPECT_EQ(send("PUT", "/fhir/Task", R"({"resourceType":"Task"})").status, 400);
  EXPECT_EQ(send("PUT", "/fhir/Task/t1", R"({"resourceType":"Task","id":"t2"})").status, 400);
  EXPECT_EQ(send("GET", "/fhir").status, 405);
  EXPECT_EQ(send("PATCH", "/fhir/Task/t1").status, 405);
  EXPECT_EQ(send("POST", "/fhir", R"({"resourceType":"Bundle","type":"searchset"})").status, 400);
  EXPECT_EQ(send("POST", "/fhir", "{").status, 400);
}

TEST_F(FhirRest, DeleteThenReadIsGone) {
  ASSERT_EQ(send("PUT", "/fhir/Task/t1", R"({"resourceType":"Task","id":"t1","status":"requested"})").status,
            201);
  auto del = send("DELETE", "/fhir/Task/t1");
  EXPECT_EQ(del.status, 204);
  EXPECT_TRUE(del.body.empty());
  auto gone = send("GET", "/fhir/Task/t1");
  EXPECT_EQ(gone.status, 410);
  EXPECT_EQ(issue_code(gone), "deleted");
  EXPECT_EQ(send("DELETE", "/fhir/Task/t1").status, 204);
  EXPECT_EQ(send("DELETE", "/fhir/Task?status=requested").status, 400);
}

TEST_F(FhirRest, PreferReturnMinimalOmitsTheBody) {
  auto r = send("POST", "/fhir/Task", R"({"resourceType":"Task"})", {{"prefer", "return=minimal"}});
  EXPECT_EQ(r.status, 201);
  EXPECT_TRUE(r.body.empty());
  EXPECT_NE(header(r, "Location"), "<none>");
}

TEST_F(FhirRest, MetadataDescribesTheServer) {
  auto r = send("GET", "/fhir/metadata");
  ASSERT_EQ(r.status, 200);
  auto d = json(r.body);
  EXPECT_EQ(str(d, "resourceType"), "CapabilityStatement");
  EXPECT_EQ(str(d, "fhirVersion"), "4.0.1");
  EXPECT_EQ(str(d, "date"), "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(str(d["software"], "version"), "0.1.0");
  auto& rest = d["rest"][0];
  EXPECT_EQ(rest["resource"].Size(), 146u);
  bool task = false;
  for (auto& res : rest["resource"].GetArray()) {
    if (str(res, "type") == "Task") {
      task = true;
      EXPECT_TRUE(res["conditionalUpdate"].GetBool());
      EXPECT_EQ(res["interaction"].Size(), 6u);
    }
  }
  EXPECT_TRUE(task);
  EXPECT_EQ(str(rest["interaction"][0], "code"), "transaction");
}

TEST_F(FhirRest, PublicBaseUrlAndHostileHostHeaders) {
  Router router;
  FhirRestOptions o;
  o.clock = [] { return kT0; };
  o.public_base_url = "https://adapter.example.org/fhir";
  add_fhir_routes(router, *store_, o);
  HttpRequest r;
  r.method = "POST";
  r.target = "/fhir/Task";
  r.body = R"({"resourceType":"Task"})";
  auto resp = router.handle(r);
  ASSERT_EQ(resp.status, 201);
  EXPECT_EQ(header(resp, "Location"), "https://adapter.example.org/fhir/Task/id1/_history/1");

  // Without a configured base the Host header is used only when it looks like host[:port].
  HttpRequest evil;
  evil.method = "POST";
  evil.target = "/fhir/Task";
  evil.body = R"({"resourceType":"Task"})";
  evil.headers = {{"host", "x\r\nSet-Cookie: a=b"}};
  auto e = router_.handle(evil);
  ASSERT_EQ(e.status, 201);
  EXPECT_EQ(header(e, "Location").rfind("http://localhost/fhir/Task/", 0), 0u);
}

TEST_F(FhirRest, HostileTargetsGetClientErrors) {
  const std::string long_value(100000, 'a');
  const std::vector<std::pair<std::string, std::string>> requests{
      {"GET", "/fhir/%"},
      {"GET", "/fhir/Task/%00"},
      {"GET", "/fhir/Task/a%2Fb"},
      {"GET", "/fhir//Task"},
      {"GET", "/fhir/Task?_count=99999999999999999999999"},
      {"GET", "/fhir/Task?_offset=-5"},
      {"GET", "/fhir/Task?identifier=" + long_value},
      {"GET", "/fhir/Task?subject=..%2F..%2Fetc"},
      {"GET", "/fhir/Task?" + std::string(5000, '&')},
      {"GET",
       "/fhir/Task?status=a&status=b&status=c&status=d&status=e&status=f&status=g&status=h&status=i&status=j"
       "&status=a&status=b&status=c&status=d&status=e&status=f&status=g&status=h&status=i&status=j"
       "&status=a&status=b&status=c&status=d&status=e&status=f&status=g&status=h&status=i&status=j"
       "&status=a&status=b&status=c&status=d&status=e&status=f&status=g&status=h&status=i&status=j"
       "&status=a&status=b&status=c&status=d&status=e&status=f&status=g&status=h&status=i&status=j"
       "&status=a&status=b&status=c&status=d&status=e&status=f&status=g&status=h&status=i&status=j"
       "&status=a&status=b&status=c&status=d&status=e"},
      {"GET", "/fhir/Task/x/_history/1/more"},
      {"DELETE", "/fhir/Task"},
      {"POST", "/fhir/Task/_search"},
      {"PUT", "/fhir/Task?identifier=%"},
  };
  for (const auto& [method, target] : requests) {
    auto r = send(method, target, method == "GET" || method == "DELETE" ? "" : R"({"resourceType":"Task"})");
    EXPECT_GE(r.status, 200) << method << " " << target.substr(0, 80);
    EXPECT_LT(r.status, 500) << method << " " << target.substr(0, 80);
    if (r.status >= 400) {
      EXPECT_EQ(str(json(r.body), "resourceType"), "OperationOutcome") << target.substr(0, 80);
    }
  }
  // Unusual but valid: a long identifier value is searchable, an empty query lists everything.
  EXPECT_EQ(send("GET", "/fhir/Task?identifier=" + long_value).status, 200);
  EXPECT_EQ(send("GET", "/fhir/Task?").status, 200);
  EXPECT_EQ(send("GET", "/fhir/Task?_count=99999999999999999999999").status, 400);
  EXPECT_EQ(send("GET", "/fhir/Task?" + std::string(5000, '&')).status, 200);  // empty pieces are skipped
}
