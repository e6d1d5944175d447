#pragma once
// The checkpoint OUT.checkpoint of a `batch` run: "v2 OUT-bytes ERRORS-bytes TALLY". The outputs
// are fsynced before it is written and it is replaced by rename, so it never vouches for bytes
// that are not on disk; --resume cuts the outputs back to its byte counts and goes on from there.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "adapter/service/batch/tally.hpp"

namespace sarcoma::service::batch {

struct Checkpoint {
  long long out_bytes = 0;
  long long errors_bytes = 0;
  Tally tally;
};

// nullopt when the file is missing or is not a checkpoint of this version.
std::optional<Checkpoint> read_checkpoint(const std::string& path);
// Writes path.tmp, fsyncs it, renames it over path and fsyncs the directory; false (errno set)
// when a step fails.
bool write_checkpoint(const std::string& path, const Checkpoint& c);
// fsyncs the directory holding `path` (a file created, renamed or removed there is then durable);
// false (errno set) on failure.
bool sync_directory_of(const std::string& path);

// Makes checkpoints durable on a thread of its own. An fsync waits for the disk (tens of
// milliseconds for the ~10 MB a 2-core machine writes in half a second); done on the writer's
// thread it stalled the writer and, through the bounded chunks in flight, every worker with it.
// The writer flushes its FILEs to the kernel, notes the byte counts and hands them over here; this
// thread fsyncs both files and then writes the checkpoint. A checkpoint handed over while the
// previous one is still being made durable replaces any older one still waiting: only the newest
// matters, so the writer can hand one over after every chunk and the disk is written continuously.
class CheckpointSyncer {
 public:
  // out_fd and errors_fd stay owned by the caller and must outlive this object.
  CheckpointSyncer(int out_fd, int errors_fd, std::string path);
  ~CheckpointSyncer();  // makes what was handed over durable, then stops
  CheckpointSyncer(const CheckpointSyncer&) = delete;
  CheckpointSyncer& operator=(const CheckpointSyncer&) = delete;

  // `c`'s byte counts must already have been written to the files (fflush).
  void submit(Checkpoint c);
  // Waits until everything handed over is on disk; returns error().
  int drain();
  // errno of the first failed fsync or checkpoint write, 0 while all is well. After a failure
  // nothing more is written: the last checkpoint on disk still vouches only for durable bytes.
  int error() const { return error_.load(); }

 private:
  void run();

  const int out_fd_;
  const int errors_fd_;
  const std::string path_;
  std::mutex m_;
  std::condition_variable wake_, idle_;
  std::optional<Checkpoint> pending_;
  bool busy_ = false;
  bool stopping_ = false;
  std::atomic<int> error_{0};
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace sarcoma::service::batch
