#include "adapter/service/dlq_command.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "adapter/service/cli.hpp"
#include "adapter/service/queue/sqlite_job_queue.hpp"
#include "tests/service/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace sarcoma::service;

namespace {

class DlqCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    auto q = SqliteJobQueue::open((dir_ / "queue.db").string());
    ASSERT_TRUE(q.ok());
    // One dead job (upstream refused it) and one still pending.
    ASSERT_TRUE((*q)->enqueue({"assess-report", "PAYLOAD-1", "DiagnosticReport/a"}, 1).ok());
    ASSERT_TRUE((*q)->enqueue({"assess-report", "PAYLOAD-2", "DiagnosticReport/b"}, 2).ok());
    auto j = (*q)->lease(10, 100);
    ASSERT_TRUE(j.ok() && j->has_value());
    dead_id_ = (*j)->id;
    ASSERT_TRUE((*q)->dead_letter(dead_id_, (*j)->lease_token, 11, "upstream 422").ok());
  }

  int run(std::vector<std::string> words, std::string* out = nullptr) {
    words.push_back("--data-dir");
    words.push_back(dir_.string());
    std::vector<std::string_view> args(words.begin(), words.end());
    ::testing::internal::CaptureStdout();
    int rc = run_dlq(args);
    std::string captured = ::testing::internal::GetCapturedStdout();
    if (out) *out = captured;
    return rc;
  }

  test::TempDir tmp_{"sarcoma-dlq"};
  const fs::path& dir_ = tmp_.path();
  std::int64_t dead_id_ = 0;
};

}  // namespace

TEST_F(DlqCommand, ListPrintsOnlyDeadJobsAsJsonLines) {
  std::string out;
  ASSERT_EQ(run({"list"}, &out), kExitOk);
  EXPECT_NE(out.find("\"id\":" + std::to_string(dead_id_)), std::string::npos) << out;
  EXPECT_NE(out.find("\"last_error\":\"upstream 422\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"dedupe_key\":\"DiagnosticReport/a\""), std::string::npos) << out;
  EXPECT_EQ(out.find("DiagnosticReport/b"), std::string::npos) << "pending job listed as dead";
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
}

TEST_F(DlqCommand, ShowPrintsThePayload) {
  std::string out;
  ASSERT_EQ(run({"show", std::to_string(dead_id_)}, &out), kExitOk);
  EXPECT_EQ(out, "PAYLOAD-1\n");
  EXPECT_EQ(run({"show", "999"}), kExitDataError);
  EXPECT_EQ(run({"show", "abc"}), kExitUsage);
}

TEST_F(DlqCommand, RetryRequeuesAndTheJobIsLeasedAgain) {
  std::string out;
  ASSERT_EQ(run({"retry", std::to_string(dead_id_)}, &out), kExitOk);
  EXPECT_EQ(out, "requeued 1\n");
  ASSERT_EQ(run({"list"}, &out), kExitOk);
  EXPECT_TRUE(out.empty()) << out;
  // Retrying a job that is no longer dead is reported, not silently ignored.
  EXPECT_EQ(run({"retry", std::to_string(dead_id_)}), kExitDataError);
  auto q = SqliteJobQueue::open((dir_ / "queue.db").string());
  ASSERT_TRUE(q.ok());
  auto c = (*q)->counts();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->dead, 0);
  EXPECT_EQ(c->pending, 2);
}

TEST_F(DlqCommand, RetryAllAndUsageErrors) {
  std::string out;
  ASSERT_EQ(run({"retry", "--all"}, &out), kExitOk);
  EXPECT_EQ(out, "requeued 1\n");
  EXPECT_EQ(run({"frobnicate"}), kExitUsage);
  EXPECT_EQ(run({"retry"}), kExitUsage);
}
