// The worker's processing step: reports carried by the job or read by reference (result and
// hasMember followed, as servers that ignore _include need), failure classes for the queue.
#include <gtest/gtest.h>

#include <map>

#include "adapter/service/intake.hpp"
#include "adapter/service/report_processor.hpp"
#include "tests/shared/rule_set.hpp"

namespace sarcoma::service {
namespace {

const core::RuleSet& rules() { return sarcoma::test::rule_set(); }

ProcessOutcome failed(int status, bool unusable_input = false) {
  ProcessOutcome o;
  o.kind = ProcessOutcome::Kind::failed;
  o.http_status = status;
  o.unusable_input = unusable_input;
  return o;
}

struct FakeServer {
  std::map<std::string, std::string> resources;
  std::vector<std::string> reads;
  std::vector<std::string> writes;
  ProcessOutcome write_result = ProcessOutcome::success();
  ResourceReader reader() {
    return [this](std::string_view ref) -> Result<std::string, ProcessOutcome> {
      reads.emplace_back(ref);
      auto it = resources.find(std::string(ref));
      if (it == resources.end()) return fail(failed(404));
      return it->second;
    };
  }
  TransactionWriter writer() {
    return [this](const std::string& json) {
      writes.push_back(json);
      return write_result;
    };
  }
};

const char* kReport =
    R"({"resourceType":"DiagnosticReport","id":"dr-q","status":"final","code":{"text":"pathology"},)"
    R"("subject":{"reference":"Patient/p"},"result":[{"reference":"Observation/panel"}],)"
    R"("conclusion":"Thigh: leiomyosarcoma. Mitoses 25/10 HPF. Necrosis 70%."})";
const char* kPanel =
    R"({"resourceType":"Observation","id":"panel","status":"final","code":{"text":"synoptic"},)"
    R"("hasMember":[{"reference":"Observation/size/_history/3"}]})";
const char* kSize =
    R"({"resourceType":"Observation","id":"size","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"33728-7"}]},)"
    R"("valueQuantity":{"value":120,"unit":"mm","system":"http://unitsofmeasure.org","code":"mm"}})";

struct Processor : ::testing::Test {
  FakeServer server;
  ProcessorContext ctx{rules(), server.writer(), server.reader(), [] { return std::string("2026-01-01T00:00:00Z"); },
                       "test", nullptr};
  Job job(const std::string& kind, const std::string& payload) {
    Job j;
    j.id = 1;
    j.kind = kind;
    j.payload = payload;
    return j;
  }
};

TEST_F(Processor, ReferencedReportIsAssembledFollowingResultAndHasMember) {
  server.resources = {{"DiagnosticReport/dr-q", kReport}, {"Observation/panel", kPanel}, {"Observation/size", kSize}};
  ProcessOutcome o = process_job(job(kJobFetchReport, "DiagnosticReport/dr-q/_history/1"), ctx);
  ASSERT_EQ(o.kind, ProcessOutcome::Kind::ok) << o.error;
  EXPECT_EQ(server.reads, (std::vector<std::string>{"DiagnosticReport/dr-q", "Observation/panel", "Observation/size"}));
  ASSERT_EQ(server.writes.size(), 1u);
  // 120 mm = 12 cm on the thigh -> T3 (seed 003: > 10 and <= 15 cm); leiomyosarcoma 2 + 3 + 2 = G3
  // -> T3 N0 M0 G3 = IIIB.
  EXPECT_NE(server.writes[0].find(R"("text":"T3")"), std::string::npos);
  EXPECT_NE(server.writes[0].find(R"("text":"G3")"), std::string::npos);
  EXPECT_NE(server.writes[0].find(R"("text":"IIIB")"), std::string::npos);
  EXPECT_NE(server.writes[0].find(R"("reference":"Observation/size")"), std::string::npos);  // derivedFrom
}

TEST_F(Processor, ReportCarriedByTheJobNeedsNoReads) {
  ProcessOutcome o = process_job(job(kJobAssessReport, kReport), ctx);
  ASSERT_EQ(o.kind, ProcessOutcome::Kind::ok);
  EXPECT_TRUE(server.reads.empty());
  EXPECT_EQ(server.writes.size(), 1u);
}

TEST_F(Processor, NotASarcomaWritesNothingAndSucceeds) {
  std::string crc = R"({"resourceType":"DiagnosticReport","id":"c","status":"final","code":{"text":"p"},"conclusion":"Colon: adenocarcinoma."})";
  ProcessOutcome o = process_job(job(kJobAssessReport, crc), ctx);
  EXPECT_EQ(o.kind, ProcessOutcome::Kind::ok);
  EXPECT_TRUE(server.writes.empty());
}

TEST_F(Processor, UnusableReportIsDeadLetterMaterialWithoutPatientData) {
  ProcessOutcome o = process_job(job(kJobAssessReport, R"({"resourceType":"Patient","name":[{"family":"Doe"}]})"), ctx);
  EXPECT_EQ(o.kind, ProcessOutcome::Kind::failed);
  EXPECT_TRUE(o.unusable_input);
  EXPECT_EQ(o.error.find("Doe"), std::string::npos);
  EXPECT_TRUE(server.writes.empty());
}

TEST_F(Processor, MissingReportKeepsTheReadersFailureClass) {
  ProcessOutcome o = process_job(job(kJobFetchReport, "DiagnosticReport/nope"), ctx);
  EXPECT_EQ(o.kind, ProcessOutcome::Kind::failed);
  EXPECT_EQ(o.http_status, 404);
}

TEST_F(Processor, MissingResultIsToleratedAndTheReportStillAssessed) {
  server.resources = {{"DiagnosticReport/dr-q", kReport}};
  ProcessOutcome o = process_job(job(kJobFetchReport, "DiagnosticReport/dr-q"), ctx);
  EXPECT_EQ(o.kind, ProcessOutcome::Kind::ok) << o.error;
  EXPECT_EQ(server.writes.size(), 1u);
}

TEST_F(Processor, ReferenceToSomethingElseIsUnusable) {
  server.resources = {{"Observation/panel", kPanel}};
  ProcessOutcome o = process_job(job(kJobFetchReport, "Observation/panel"), ctx);
  EXPECT_TRUE(o.unusable_input);
}

TEST_F(Processor, WriteFailureIsPassedToTheQueueAsIs) {
  server.write_result = failed(503);
  server.write_result.retry_after_ms = 2000;
  ProcessOutcome o = process_job(job(kJobAssessReport, kReport), ctx);
  EXPECT_EQ(o.http_status, 503);
  EXPECT_EQ(o.retry_after_ms, 2000);
}

TEST_F(Processor, CyclesAndFanOutAreBounded) {
  std::string loop = R"({"resourceType":"Observation","id":"a","status":"final","code":{"text":"x"},"hasMember":[{"reference":"Observation/a"}]})";
  server.resources = {{"DiagnosticReport/dr-q", R"({"resourceType":"DiagnosticReport","id":"dr-q","status":"final","code":{"text":"p"},"result":[{"reference":"Observation/a"}],"conclusion":"Thigh: leiomyosarcoma."})"},
                      {"Observation/a", loop}};
  ProcessOutcome o = process_job(job(kJobFetchReport, "DiagnosticReport/dr-q"), ctx);
  EXPECT_EQ(o.kind, ProcessOutcome::Kind::ok);
  EXPECT_EQ(server.reads.size(), 2u);  // the cycle is read once
  auto big = assemble_report("DiagnosticReport/dr-q", server.reader(), 1);
  EXPECT_FALSE(big.ok());
}

TEST_F(Processor, UnknownJobKindIsUnusable) {
  EXPECT_TRUE(process_job(job("frobnicate", ""), ctx).unusable_input);
}

}  // namespace
}  // namespace sarcoma::service
