// The review web pages end to end in process: an embedded FHIR store seeded the way the daemon
// seeds it (reports stored, then assessed by the queue's job processor), a WebApp over it, and
// requests through the Router as the HTTP server would pass them. Expected reasons and values come
// from the fixtures' hand-written expected files, not from this code.
#include "adapter/service/web/web_routes.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "../temp_dir.hpp"
#include "adapter/service/as_transaction.hpp"
#include "adapter/service/intake.hpp"
#include "adapter/service/queue/job_queue.hpp"
#include "adapter/service/sinks.hpp"
#include "adapter/service/store/sqlite_fhir_store.hpp"
#include "adapter/service/web/password_hash.hpp"
#include "fhir/base64.hpp"
#include "fhir/rapidjson.hpp"
#include "tests/shared/rule_set.hpp"

namespace sarcoma::service::web {
namespace {

const char* kFixtures[] = {
    "01-coded-lms-thigh-collection.json",
    "07-narrative-myxofibrosarcoma-thigh-plain.json",
    "12-mixed-myxofibrosarcoma-10cm-mitoses-10-necrosis-50.json",
    "17-narrative-angiosarcoma-scalp.json",
    "24-narrative-ups-post-neoadjuvant-ypt2.json",
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixture(const std::string& name) {
  return read_file(std::string(SARCOMA_SOURCE_DIR) + "/fixtures/reports/" + name);
}

rapidjson::Document json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  return d;
}

std::string header(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

class WebAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::SqliteFhirStore::open(dir.file("store.db"));
    ASSERT_TRUE(s.ok()) << s.error();
    store = std::move(s).value();
    read = embedded_reader(*store);
    write = embedded_writer(*store, [this] { return now; });
    search = embedded_searcher(*store);
    for (const char* f : kFixtures) seed(fixture(f));
    WebOptions options;
    options.reviewers = {Reviewer{"akumar", "Dr A. Kumar", hash_password_with_salt("right password", "saltsalt", 1000)}};
    options.bearer_tokens = {"integration-token"};
    app = std::make_unique<WebApp>(sarcoma::test::rule_set(), read, search, write, [this] { return now; },
                                   [] { return std::string("2026-11-25T10:00:00.000Z"); }, "test", options);
    app->add_routes(router);
  }

  // As the daemon: store the report, then the queue worker assesses the stored version.
  void seed(const std::string& report) {
    auto tx = as_transaction(report);
    ASSERT_TRUE(tx.ok());
    auto stored = store->process_bundle(*tx, now, "");
    ASSERT_TRUE(stored.ok());
    for (const auto& ref : stored->changed) {
      if (ref.type != "DiagnosticReport") continue;
      process(ref.type + "/" + ref.id);
    }
  }

  ProcessOutcome process(const std::string& reference) {
    ProcessorContext ctx{sarcoma::test::rule_set(), write, read, [] { return std::string("2026-11-25T09:00:00Z"); }, "test",
                         nullptr, nullptr, search};
    Job job;
    job.kind = kJobFetchReport;
    job.payload = reference;
    ProcessOutcome o = process_job(job, ctx);
    EXPECT_EQ(o.kind, ProcessOutcome::Kind::ok) << o.error;
    return o;
  }

  HttpResponse get(const std::string& target, const std::string& cookie = "", const std::string& bearer = "") {
    HttpRequest r;
    r.method = "GET";
    r.target = target;
    r.headers.emplace_back("host", "127.0.0.1:8080");
    if (!cookie.empty()) r.headers.emplace_back("cookie", "sa_session=" + cookie);
    if (!bearer.empty()) r.headers.emplace_back("authorization", "Bearer " + bearer);
    return router.handle(r);
  }

  HttpResponse post(const std::string& target, const std::string& body, const std::string& cookie = "",
                    const std::string& origin = "", const std::string& bearer = "") {
    HttpRequest r;
    r.method = "POST";
    r.target = target;
    r.body = body;
    r.headers.emplace_back("host", "127.0.0.1:8080");
    r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    if (!origin.empty()) r.headers.emplace_back("origin", origin);
    if (!cookie.empty()) r.headers.emplace_back("cookie", "sa_session=" + cookie);
    if (!bearer.empty()) r.headers.emplace_back("authorization", "Bearer " + bearer);
    return router.handle(r);
  }

  std::string sign_in() {
    HttpResponse r = post("/login", "username=akumar&password=right+password");
    EXPECT_EQ(r.status, 303);
    std::string cookie = header(r, "Set-Cookie");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    auto eq = cookie.find('='), semi = cookie.find(';');
    return cookie.substr(eq + 1, semi - eq - 1);
  }

  std::string csrf_of(const std::string& html) {
    std::smatch m;
    std::regex re("name=\"csrf\" value=\"([0-9a-f]{64})\"");
    EXPECT_TRUE(std::regex_search(html, m, re));
    return m.size() > 1 ? m[1].str() : "";
  }

  // The open review Task of a report, read back from the store.
  std::string task_of(const std::string& report) {
    auto tasks = search("Task", {{"focus", report}}, 10);
    EXPECT_TRUE(tasks.ok());
    EXPECT_EQ(tasks->size(), 1u);
    return tasks->empty() ? "" : tasks->front();
  }
  std::string task_id_of(const std::string& report) { return json(task_of(report))["id"].GetString(); }

  std::map<std::string, std::string> derived_statuses(const std::string& report) {
    std::map<std::string, std::string> out;
    auto task = json(task_of(report));
    for (const auto& in : task["input"].GetArray()) {
      if (!in.HasMember("valueReference")) continue;
      std::string ref = in["valueReference"]["reference"].GetString();
      auto obs = read(ref);
      EXPECT_TRUE(obs.ok());
      auto d = json(*obs);
      out[ref] = d["status"].GetString();
    }
    return out;
  }

  test::TempDir dir{"web-app"};
  std::unique_ptr<store::SqliteFhirStore> store;
  ResourceReader read;
  TransactionWriter write;
  ResourceSearcher search;
  std::unique_ptr<WebApp> app;
  Router router;
  Millis now = 1000;
};

TEST_F(WebAppTest, EveryPageButSignInRefusesWithoutCredentials) {
  EXPECT_EQ(get("/").status, 303);
  EXPECT_EQ(header(get("/"), "Location"), "/login");
  EXPECT_EQ(get("/cases/" + task_id_of("DiagnosticReport/dr-07")).status, 303);
  EXPECT_EQ(get("/exports/tumour-board.csv").status, 401);
  EXPECT_EQ(post("/cases/" + task_id_of("DiagnosticReport/dr-07") + "/review", "decision=confirm").status, 401);
  EXPECT_EQ(get("/", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").status, 303);
  EXPECT_EQ(get("/", "", "wrong-token").status, 303);
  EXPECT_EQ(get("/login").status, 200);
  EXPECT_EQ(get("/assets/app.css").status, 200);
  EXPECT_EQ(get("/assets/app.js").status, 200);
  EXPECT_EQ(get("/assets/missing.js").status, 404);
}

TEST_F(WebAppTest, SignInChecksThePasswordAndThrottlesRepeatedFailures) {
  HttpResponse wrong = post("/login", "username=akumar&password=wrong");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(header(wrong, "Set-Cookie"), "");
  EXPECT_NE(wrong.body.find("The username or password is not right."), std::string::npos);
  EXPECT_EQ(post("/login", "username=nobody&password=right+password").status, 401);
  EXPECT_EQ(post("/login", "username=&password=").status, 400);
  EXPECT_EQ(post("/login", "username=akumar&password=right+password", "", "http://evil.example").status, 403);
  std::string cookie = sign_in();
  EXPECT_EQ(get("/", cookie).status, 200);
  for (int i = 0; i < 5; ++i) post("/login", "username=akumar&password=wrong");
  EXPECT_EQ(post("/login", "username=akumar&password=right+password").status, 429);
  now += 60 * 1000;
  EXPECT_EQ(post("/login", "username=akumar&password=right+password").status, 303);
}

TEST_F(WebAppTest, WorklistListsOpenCasesMostUrgentFirstWithComputedAndStatedValues) {
  std::string cookie = sign_in();
  HttpResponse r = get("/", cookie);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(header(r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  // Five seeded sarcoma reports, five rows; dr-24 (urgent per its expected file) comes first.
  EXPECT_NE(r.body.find("<span id=\"matched\">5</span>"), std::string::npos);
  auto first_row = r.body.find("<tbody><tr>");
  ASSERT_NE(first_row, std::string::npos);
  EXPECT_LT(r.body.find("DiagnosticReport/dr-24"), r.body.find("DiagnosticReport/dr-01"));
  EXPECT_EQ(r.body.find("prio-urgent", first_row), r.body.find("prio-", first_row));
  // The routine ones follow in age order (authoredOn = report issued): 01 before 07 before 12.
  EXPECT_LT(r.body.find("dr-01"), r.body.find("dr-07"));
  EXPECT_LT(r.body.find("dr-07"), r.body.find("dr-12"));
  // Computed values (fixtures' expected files): 07 is G1, stage IB; 24 is ypT2 ... stage yIIIA.
  EXPECT_NE(r.body.find("pT3 N0 M0, stage IB"), std::string::npos);
  EXPECT_NE(r.body.find("ypT2 N0 M0, stage yIIIA"), std::string::npos);
  EXPECT_NE(r.body.find("Myxofibrosarcoma"), std::string::npos);
}

TEST_F(WebAppTest, FiltersByReasonPriorityAndDateAndPages) {
  std::string cookie = sign_in();
  // boundary-value: only fixture 12 per the expected files.
  HttpResponse by_reason = get("/?reason=boundary-value", cookie);
  EXPECT_NE(by_reason.body.find("<span id=\"matched\">1</span>"), std::string::npos);
  EXPECT_NE(by_reason.body.find("dr-12"), std::string::npos);
  EXPECT_EQ(by_reason.body.find("dr-07"), std::string::npos);
  HttpResponse urgent = get("/?priority=urgent", cookie);
  EXPECT_NE(urgent.body.find("<span id=\"matched\">1</span>"), std::string::npos);
  EXPECT_NE(urgent.body.find("dr-24"), std::string::npos);
  HttpResponse none = get("/?from=2030-01-01", cookie);
  EXPECT_NE(none.body.find("<span id=\"matched\">0</span>"), std::string::npos);
  HttpResponse paged = get("/?size=2&page=2", cookie);
  EXPECT_NE(paged.body.find("page 2 of 3"), std::string::npos);
  EXPECT_EQ(count(paged.body, "href=\"/cases/"), 2);
  EXPECT_NE(paged.body.find("rel=\"next\""), std::string::npos);
  EXPECT_NE(paged.body.find("rel=\"prev\""), std::string::npos);
  HttpResponse bad = get("/?priority=whenever", cookie);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("priority: expected routine, urgent, asap or stat"), std::string::npos);
  EXPECT_EQ(get("/?size=100000", cookie).status, 400);
}

TEST_F(WebAppTest, CasePageShowsComponentsAndTheSourceOfEveryFact) {
  std::string cookie = sign_in();
  HttpResponse narrative = get("/cases/" + task_id_of("DiagnosticReport/dr-07"), cookie);
  ASSERT_EQ(narrative.status, 200);
  // The mitotic count line of the report, with the matched words highlighted.
  EXPECT_NE(narrative.body.find("DiagnosticReport.presentedForm[0].data, line "), std::string::npos);
  EXPECT_NE(narrative.body.find("<mark>"), std::string::npos);
  EXPECT_NE(narrative.body.find("Up to 6 mitoses per 10 HPF are counted."), std::string::npos);
  EXPECT_NE(narrative.body.find("FNCLCC grade: G1"), std::string::npos);
  EXPECT_NE(narrative.body.find("<span class=\"assumed\">assumed</span>"), std::string::npos);  // M0 assumed
  HttpResponse coded = get("/cases/" + task_id_of("DiagnosticReport/dr-01"), cookie);
  ASSERT_EQ(coded.status, 200);
  EXPECT_NE(coded.body.find("coded: <code>Observation/obs-01-"), std::string::npos);
  EXPECT_NE(coded.body.find("FNCLCC grade: G2"), std::string::npos);
  EXPECT_EQ(get("/cases/no-such-task", cookie).status, 404);
  EXPECT_EQ(get("/cases/..%2F..%2Fetc", cookie).status, 404);
}

TEST_F(WebAppTest, NarrativeIsEscapedNeverMarkup) {
  std::string report = fixture("07-narrative-myxofibrosarcoma-thigh-plain.json");
  auto d = json(report);
  std::string text = "FINAL DIAGNOSIS:\nRight thigh: Myxofibrosarcoma <script>alert(1)</script>, FNCLCC grade 1.\n";
  std::string encoded = fhir::base64_encode(text);
  d["id"].SetString("dr-evil", d.GetAllocator());
  d["identifier"][0]["value"].SetString("RPT-EVIL", d.GetAllocator());
  d["presentedForm"][0]["data"].SetString(encoded.c_str(), d.GetAllocator());
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  seed(buf.GetString());
  std::string cookie = sign_in();
  HttpResponse r = get("/cases/" + task_id_of("DiagnosticReport/dr-evil"), cookie);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST_F(WebAppTest, ConfirmCompletesTheTaskFinalisesTheObservationsAndNamesTheReviewer) {
  std::string cookie = sign_in();
  std::string id = task_id_of("DiagnosticReport/dr-07");
  std::string page = get("/cases/" + id, cookie).body;
  HttpResponse r = post("/cases/" + id + "/review", "csrf=" + csrf_of(page) + "&version=1&decision=confirm&comment=",
                        cookie, "http://127.0.0.1:8080");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(header(r, "Location"), "/cases/" + id + "?saved=1");
  auto task = json(task_of("DiagnosticReport/dr-07"));
  EXPECT_STREQ(task["status"].GetString(), "completed");
  EXPECT_STREQ(task["owner"]["display"].GetString(), "Dr A. Kumar");
  EXPECT_STREQ(task["owner"]["identifier"]["value"].GetString(), "akumar");
  EXPECT_STREQ(task["output"][0]["valueString"].GetString(), "Confirmed by Dr A. Kumar");
  auto statuses = derived_statuses("DiagnosticReport/dr-07");
  EXPECT_EQ(statuses.size(), 5u);  // grade, T, N, M, stage group
  for (const auto& [ref, status] : statuses) EXPECT_EQ(status, "final") << ref;
  // The review's Provenance: agent verifier = the reviewer, target the Task.
  bool found = false;
  auto all = search("Provenance", {}, 100);
  ASSERT_TRUE(all.ok());
  for (const auto& p : *all) {
    auto d = json(p);
    if (std::string(d["agent"][0]["type"]["coding"][0]["code"].GetString()) != "verifier") continue;
    found = true;
    EXPECT_EQ(std::string(d["target"][0]["reference"].GetString()), "Task/" + id);
    EXPECT_STREQ(d["agent"][0]["who"]["display"].GetString(), "Dr A. Kumar");
    EXPECT_STREQ(d["entity"][0]["what"]["reference"].GetString(), "DiagnosticReport/dr-07");
  }
  EXPECT_TRUE(found);
  // The case leaves the open worklist and cannot be reviewed twice.
  EXPECT_NE(get("/", cookie).body.find("<span id=\"matched\">4</span>"), std::string::npos);
  EXPECT_NE(get("/?status=completed", cookie).body.find("<span id=\"matched\">1</span>"), std::string::npos);
  EXPECT_EQ(post("/cases/" + id + "/review", "csrf=" + csrf_of(page) + "&decision=confirm", cookie).status, 409);
}

TEST_F(WebAppTest, AmendWritesTheReviewersGradeAndStageAsAmendedObservations) {
  std::string cookie = sign_in();
  std::string id = task_id_of("DiagnosticReport/dr-12");  // computed G3, IIIA (expected file)
  std::string page = get("/cases/" + id, cookie).body;
  HttpResponse r = post("/cases/" + id + "/review",
                        "csrf=" + csrf_of(page) +
                            "&version=1&decision=amend&histology-0=&grade-0=G2&stage-0=II&comment=Necrosis+under+50%25",
                        cookie);
  ASSERT_EQ(r.status, 303) << r.body;
  auto task = json(task_of("DiagnosticReport/dr-12"));
  EXPECT_STREQ(task["status"].GetString(), "completed");
  EXPECT_STREQ(task["businessStatus"]["coding"][0]["code"].GetString(), "amended");
  EXPECT_STREQ(task["note"][0]["text"].GetString(), "Necrosis under 50%");
  int amended = 0;
  for (const auto& in : task["input"].GetArray()) {
    if (!in.HasMember("valueReference")) continue;
    auto obs = json(*read(in["valueReference"]["reference"].GetString()));
    std::string loinc = obs["code"]["coding"][0]["code"].GetString();
    std::string status = obs["status"].GetString();
    if (loinc == "33732-9") {  // grade
      EXPECT_EQ(status, "amended");
      EXPECT_STREQ(obs["valueCodeableConcept"]["text"].GetString(), "G2");
      // SNOMED CT 1228850007 is AJCC grade G2 (mappings/value_codes.json, from mCODE).
      EXPECT_STREQ(obs["valueCodeableConcept"]["coding"][0]["code"].GetString(), "1228850007");
      ++amended;
    } else if (loinc == "21902-2") {  // stage group
      EXPECT_EQ(status, "amended");
      EXPECT_STREQ(obs["valueCodeableConcept"]["text"].GetString(), "II");
      ++amended;
    } else {
      EXPECT_EQ(status, "final") << loinc;
    }
  }
  EXPECT_EQ(amended, 2);
}

TEST_F(WebAppTest, InvalidSubmissionsExplainThemselvesAndChangeNothing) {
  std::string cookie = sign_in();
  std::string id = task_id_of("DiagnosticReport/dr-01");
  std::string before = task_of("DiagnosticReport/dr-01");
  std::string page = get("/cases/" + id, cookie).body;
  std::string csrf = csrf_of(page);
  struct Case {
    std::string body;
    int status;
    std::string message;
  } cases[] = {
      {"csrf=" + csrf + "&version=1", 422, "Choose Confirm or Amend."},
      {"csrf=" + csrf + "&version=1&decision=amend&grade-0=G9&comment=x", 422, "Choose a grade from the list."},
      {"csrf=" + csrf + "&version=1&decision=amend&comment=why", 422, "Amend needs at least one value"},
      {"csrf=" + csrf + "&version=1&decision=amend&grade-0=G3", 422, "Say why the values are amended."},
      {"csrf=" + csrf + "&version=1&decision=confirm&grade-0=G3", 422, "Values were changed: choose Amend"},
      {"csrf=" + csrf + "&version=1&decision=amend&histology-0=not-a-histology&comment=x", 422,
       "Choose a histology from the list."},
      {"csrf=" + csrf + "&version=1&decision=confirm&comment=%01bell", 422, "cannot be stored"},
      {"csrf=" + csrf + "&version=1&decision=confirm&decision=amend", 422, "given twice"},
      {"csrf=" + csrf + "&version=7&decision=confirm", 409, "The case changed since you opened it"},
      {"csrf=0000&version=1&decision=confirm", 403, "The form has expired"},
      {"version=1&decision=confirm", 403, "The form has expired"},
  };
  for (const auto& c : cases) {
    HttpResponse r = post("/cases/" + id + "/review", c.body, cookie);
    EXPECT_EQ(r.status, c.status) << c.body;
    EXPECT_NE(r.body.find(c.message), std::string::npos) << c.body;
  }
  EXPECT_EQ(post("/cases/" + id + "/review", "csrf=" + csrf + "&decision=confirm", cookie, "http://evil.example").status, 403);
  EXPECT_EQ(post("/cases/" + id + "/review", std::string(70 * 1024, 'a'), cookie).status, 413);
  EXPECT_EQ(task_of("DiagnosticReport/dr-01"), before);  // not a byte changed
  for (const auto& [ref, status] : derived_statuses("DiagnosticReport/dr-01")) EXPECT_EQ(status, "preliminary") << ref;
}

TEST_F(WebAppTest, ReassessingAReviewedReportKeepsTheReview) {
  std::string cookie = sign_in();
  std::string id = task_id_of("DiagnosticReport/dr-07");
  std::string page = get("/cases/" + id, cookie).body;
  ASSERT_EQ(post("/cases/" + id + "/review", "csrf=" + csrf_of(page) + "&version=1&decision=confirm", cookie).status, 303);
  std::string reviewed = task_of("DiagnosticReport/dr-07");
  process("DiagnosticReport/dr-07");  // a poll, a restart's reconciliation, a resubmission
  EXPECT_EQ(task_of("DiagnosticReport/dr-07"), reviewed);
  for (const auto& [ref, status] : derived_statuses("DiagnosticReport/dr-07")) EXPECT_EQ(status, "final") << ref;
}

TEST_F(WebAppTest, TumourBoardExportsFollowTheFilter) {
  std::string cookie = sign_in();
  HttpResponse csv = get("/exports/tumour-board.csv", cookie);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.rfind("task,priority,status,received,report,patient,tumour,site,histology,grade,stage,", 0), 0u);
  EXPECT_EQ(count(csv.body, "\r\n"), 1 + 5);  // header + one row per single-tumour case
  HttpResponse urgent = get("/exports/tumour-board.csv?priority=urgent", cookie);
  EXPECT_EQ(count(urgent.body, "\r\n"), 2);
  EXPECT_NE(urgent.body.find("DiagnosticReport/dr-24"), std::string::npos);
  HttpResponse list = get("/exports/tumour-board.json", cookie);
  ASSERT_EQ(list.status, 200);
  auto d = json(list.body);
  ASSERT_TRUE(d.IsObject());
  EXPECT_STREQ(d["resourceType"].GetString(), "List");
  EXPECT_STREQ(d["mode"].GetString(), "snapshot");
  ASSERT_EQ(d["entry"].Size(), 5u);
  EXPECT_EQ(std::string(d["entry"][0]["item"]["reference"].GetString()), "Task/" + task_id_of("DiagnosticReport/dr-24"));
  EXPECT_EQ(get("/exports/other.txt", cookie).status, 404);
}

TEST_F(WebAppTest, BearerClientsReadAndReviewNamingTheReviewer) {
  EXPECT_EQ(get("/", "", "integration-token").status, 200);
  EXPECT_EQ(get("/exports/tumour-board.csv", "", "integration-token").status, 200);
  std::string id = task_id_of("DiagnosticReport/dr-17");
  EXPECT_EQ(post("/cases/" + id + "/review", "decision=confirm", "", "", "integration-token").status, 422);
  HttpResponse r = post("/cases/" + id + "/review", "decision=confirm&reviewer=Dr+B.+Osei", "", "", "integration-token");
  ASSERT_EQ(r.status, 303) << r.body;
  auto task = json(task_of("DiagnosticReport/dr-17"));
  EXPECT_STREQ(task["owner"]["display"].GetString(), "Dr B. Osei");
}

TEST_F(WebAppTest, SignOutNeedsTheFormTokenAndEndsTheSession) {
  std::string cookie = sign_in();
  std::string page = get("/", cookie).body;
  EXPECT_EQ(post("/logout", "csrf=wrong", cookie).status, 403);
  EXPECT_EQ(get("/", cookie).status, 200);
  HttpResponse out = post("/logout", "csrf=" + csrf_of(page), cookie);
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(header(out, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(get("/", cookie).status, 303);
}

}  // namespace
}  // namespace sarcoma::service::web
