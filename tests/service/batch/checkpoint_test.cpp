#include "adapter/service/batch/checkpoint.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/service/temp_dir.hpp"

namespace sarcoma::service::batch {
namespace {

using test::TempDir;

Checkpoint sample(long long out_bytes, long long errors_bytes) {
  Checkpoint c;
  c.out_bytes = out_bytes;
  c.errors_bytes = errors_bytes;
  c.tally.lines = 7;
  c.tally.ok = 6;
  c.tally.failed = 1;
  c.tally.reports = 6;
  c.tally.sarcoma = 5;
  c.tally.routed = {{"grade-discordant", 2}, {"sarcoma-expert-review", 3}};
  return c;
}

void expect_same(const Checkpoint& a, const Checkpoint& b) {
  EXPECT_EQ(a.out_bytes, b.out_bytes);
  EXPECT_EQ(a.errors_bytes, b.errors_bytes);
  EXPECT_EQ(serialise(a.tally), serialise(b.tally));
}

// Two real files with some bytes flushed to the kernel, as the batch writer leaves them.
struct Outputs {
  explicit Outputs(const TempDir& dir)
      : out(std::fopen(dir.file("out.ndjson").c_str(), "wb")),
        errors(std::fopen(dir.file("out.ndjson.errors.ndjson").c_str(), "wb")) {}
  ~Outputs() {
    std::fclose(out);
    std::fclose(errors);
  }
  void write(const std::string& to_out, const std::string& to_errors) {
    std::fputs(to_out.c_str(), out);
    std::fputs(to_errors.c_str(), errors);
    std::fflush(out);
    std::fflush(errors);
  }
  FILE* out;
  FILE* errors;
};

// OUT's byte count in the checkpoint at `path`, or -1 when there is no readable checkpoint.
long long checkpointed_out_bytes(const std::string& path) {
  auto c = read_checkpoint(path);
  return c ? c->out_bytes : -1;
}

TEST(Checkpoint, WrittenAndReadBack) {
  TempDir dir("checkpoint");
  Checkpoint c = sample(12345, 67);
  ASSERT_TRUE(write_checkpoint(dir.file("cp"), c));
  auto back = read_checkpoint(dir.file("cp"));
  ASSERT_TRUE(back.has_value());
  expect_same(c, *back);
  EXPECT_FALSE(std::filesystem::exists(dir.file("cp.tmp")));  // renamed into place
}

TEST(Checkpoint, AnythingElseIsNotACheckpoint) {
  TempDir dir("checkpoint");
  EXPECT_FALSE(read_checkpoint(dir.file("missing")).has_value());
  for (const char* text :
       {"", "v1 10 0 1 1 0 0 0\n", "v2 -1 0 1 1 0 0 0\n", "v2 10 0\n", "v2 ten 0 1 1 0 0 0\n"}) {
    std::ofstream(dir.file("cp"), std::ios::trunc) << text;
    EXPECT_FALSE(read_checkpoint(dir.file("cp")).has_value()) << text;
  }
}

TEST(CheckpointSyncer, MakesTheHandedOverCountsDurable) {
  TempDir dir("checkpoint");
  Outputs files(dir);
  CheckpointSyncer syncer(fileno(files.out), fileno(files.errors), dir.file("cp"));
  files.write("{\"a\":1}\n", "{\"line\":2}\n");
  syncer.submit(sample(8, 11));
  EXPECT_EQ(syncer.drain(), 0);
  auto back = read_checkpoint(dir.file("cp"));
  ASSERT_TRUE(back.has_value());
  expect_same(sample(8, 11), *back);
}

TEST(CheckpointSyncer, TheNewestCheckpointWins) {
  TempDir dir("checkpoint");
  Outputs files(dir);
  CheckpointSyncer syncer(fileno(files.out), fileno(files.errors), dir.file("cp"));
  for (long long n = 1; n <= 50; ++n) {
    files.write("x\n", "");
    syncer.submit(sample(2 * n, 0));
  }
  EXPECT_EQ(syncer.drain(), 0);
  EXPECT_EQ(checkpointed_out_bytes(dir.file("cp")), 100);  // whatever was skipped, the last one is on disk
}

TEST(CheckpointSyncer, StoppingFinishesWhatWasHandedOver) {
  TempDir dir("checkpoint");
  Outputs files(dir);
  {
    CheckpointSyncer syncer(fileno(files.out), fileno(files.errors), dir.file("cp"));
    files.write("abc\n", "");
    syncer.submit(sample(4, 0));
  }
  EXPECT_EQ(checkpointed_out_bytes(dir.file("cp")), 4);
}

TEST(CheckpointSyncer, AFailedCheckpointWriteIsReportedAndSticks) {
  TempDir dir("checkpoint");
  Outputs files(dir);
  CheckpointSyncer syncer(fileno(files.out), fileno(files.errors), dir.file("no-such-dir/cp"));
  files.write("abc\n", "");
  syncer.submit(sample(4, 0));
  EXPECT_EQ(syncer.drain(), ENOENT);
  EXPECT_EQ(syncer.error(), ENOENT);
  syncer.submit(sample(4, 0));  // later checkpoints are not written after a failure
  EXPECT_EQ(syncer.drain(), ENOENT);
}

TEST(CheckpointSyncer, AnOutputThatCannotBeSyncedFailsWithoutACheckpoint) {
  TempDir dir("checkpoint");
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  {
    CheckpointSyncer syncer(pipe_fds[1], pipe_fds[1], dir.file("cp"));
    syncer.submit(sample(4, 0));
    EXPECT_EQ(syncer.drain(), EINVAL);  // fsync of a pipe
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("cp")));
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
}

}  // namespace
}  // namespace sarcoma::service::batch
