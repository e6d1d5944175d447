#include "adapter/service/batch_command.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapter/core/pipeline.hpp"
#include "adapter/service/batch/checkpoint.hpp"
#include "adapter/service/batch/chunk.hpp"
#include "adapter/service/batch/line_reader.hpp"
#include "adapter/service/batch/progress.hpp"
#include "adapter/service/batch/tally.hpp"
#include "adapter/service/cli.hpp"
#include "adapter/service/clock.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::service {
namespace {

using batch::Checkpoint;
using batch::CheckpointSyncer;
using batch::Chunk;
using batch::LineReader;
using batch::Tally;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kLinesPerChunk = 256;
constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report it

// Set by SIGINT/SIGTERM: stop reading, finish and write what was read, checkpoint, exit 130.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "used from a signal handler");
extern "C" void on_stop_signal(int) {
  g_stop.store(true);
}

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C kills at once (the checkpoint still holds)
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

struct Args {
  std::string in_path, out_path, recorded, mappings_dir = mappings::default_mappings_dir();
  int jobs = 1;
  bool resume = false;
};

// Returns an exit code on a usage error.
std::optional<int> parse_args(const std::vector<std::string_view>& args, Args& a) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      return i + 1 < args.size() ? std::string(args[++i]) : std::string();
    };
    if (args[i] == "-o" || args[i] == "--output") {
      a.out_path = value();
    } else if (args[i] == "-j" || args[i] == "--jobs") {
      std::string v = value();
      a.jobs = std::atoi(v.c_str());
      if (a.jobs < 1 || a.jobs > 256) {
        std::fputs("sarcoma-adapter batch: -j takes 1..256\n", stderr);
        return kExitUsage;
      }
    } else if (args[i] == "--resume") {
      a.resume = true;
    } else if (args[i] == "--recorded") {
      a.recorded = value();
    } else if (args[i] == "--mappings") {
      a.mappings_dir = value();
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      std::fprintf(stderr, "sarcoma-adapter batch: unknown option '%.*s'\n", static_cast<int>(args[i].size()),
                   args[i].data());
      return kExitUsage;
    } else if (a.in_path.empty()) {
      a.in_path = args[i];
    } else {
      std::fputs("sarcoma-adapter batch: one input file\n", stderr);
      return kExitUsage;
    }
  }
  if (a.in_path.empty() || (a.resume && a.out_path.empty())) {
    std::fputs(
        "usage: sarcoma-adapter batch IN.ndjson[.gz] [-o OUT.ndjson] [-j N] [--resume] [--recorded INSTANT]\n"
        "       (--resume needs -o)\n",
        stderr);
    return kExitUsage;
  }
  return std::nullopt;
}

// Fills `c` with the next lines; no lines means the input is exhausted (or a stop was asked for).
// Chunks are reused, so their strings keep their capacity from one chunk to the next; a line's
// buffer grown past 1 MB by an unusually long line is given back, and so is an output buffer grown
// past 16 MB by unusually large reports (a chunk of ordinary ones needs ~3 MB).
void read_chunk(LineReader& reader, Chunk& c, std::uint64_t index, long long first_line,
                std::size_t max_bytes) {
  constexpr std::size_t kKeepLineBytes = std::size_t{1} << 20;
  constexpr std::size_t kKeepOutputBytes = std::size_t{16} << 20;
  if (c.out.capacity() > kKeepOutputBytes) std::string().swap(c.out);
  if (c.errors.capacity() > kKeepOutputBytes) std::string().swap(c.errors);
  c.index = index;
  c.first_line = first_line;
  c.lines.resize(kLinesPerChunk);
  std::size_t n = 0;
  if (!g_stop.load()) {
    for (; n < kLinesPerChunk; ++n) {
      if (c.lines[n].capacity() > kKeepLineBytes) std::string().swap(c.lines[n]);
      if (!reader.next(c.lines[n], max_bytes)) break;
    }
  }
  c.lines.resize(n);
  c.input_end = reader.position();
}

// The single writer: appends chunks in order, checkpoints, reports progress.
class Writer {
 public:
  // An empty checkpoint_path: no checkpoints (standard output, or a pipe or device).
  Writer(FILE* out, FILE* err, const std::string& checkpoint_path, Checkpoint start, const LineReader& reader)
      : out_(out), err_(err), cp_(std::move(start)), tty_(isatty(fileno(stderr)) == 1) {
    if (!checkpoint_path.empty()) {
      syncer_ = std::make_unique<CheckpointSyncer>(fileno(out_), fileno(err_), checkpoint_path);
    }
    progress_.lines = cp_.tally.lines;
    progress_.bytes_at_start = reader.position();
    progress_.bytes_total = reader.size();
    // On a terminal the bar appears with the first chunk, however short the run.
    if (tty_) last_progress_ = started_ - std::chrono::hours(1);
  }

  void write(const Chunk& c) {
    if (failed()) return fail();  // a failed fsync on the syncer's thread: stop reading too
    if (std::fwrite(c.out.data(), 1, c.out.size(), out_) != c.out.size() ||
        std::fwrite(c.errors.data(), 1, c.errors.size(), err_) != c.errors.size()) {
      return fail();
    }
    cp_.tally.add(c.tally);
    progress_.lines_this_run += c.tally.lines;
    progress_.bytes_done = c.input_end;
    auto now = Clock::now();
    checkpoint();
    if (now - last_progress_ >= (tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(2000))) {
      show_progress(now);
    }
  }

  // After every chunk, everything written is flushed to the kernel and its byte counts, with the
  // tally that goes with them, are handed to the syncer, which makes them durable before the
  // checkpoint vouches for them. The syncer keeps only the newest, so it syncs continuously: the
  // disk writes overlap the processing instead of all waiting for the end, and a crash redoes
  // only what one fsync had not yet covered. A failed write, flush or fsync (a full disk) stops
  // the run without a new checkpoint: the last one still vouches only for bytes on disk, and
  // --resume goes on from it.
  void checkpoint() {
    if (failed()) return;
    if (std::fflush(out_) != 0 || std::fflush(err_) != 0) return fail();
    if (!syncer_) return;
    Checkpoint c = cp_;
    c.out_bytes = static_cast<long long>(std::ftell(out_));
    c.errors_bytes = static_cast<long long>(std::ftell(err_));
    syncer_->submit(std::move(c));
  }

  int error() const { return error_ != 0 ? error_ : syncer_ ? syncer_->error() : 0; }
  bool failed() const { return error() != 0; }

  // The last checkpoint, on disk before the summary is shown.
  void finish() {
    checkpoint();
    if (syncer_) {
      syncer_->drain();
      if (error_ == 0) error_ = syncer_->error();
      syncer_.reset();  // joined: nothing touches the files' descriptors once they are closed
    }
    double secs = seconds(Clock::now());
    if (tty_) {
      std::fprintf(stderr, "\r%*s\r%s", terminal_width() - 1, "",
                   batch::summary_text(cp_.tally, secs).c_str());
    } else {
      std::fprintf(stderr, "%s\n", batch::summary_json(cp_.tally, secs).c_str());
    }
  }

  const Tally& tally() const { return cp_.tally; }

 private:
  double seconds(Clock::time_point now) const {
    return std::chrono::duration<double>(now - started_).count();
  }

  void fail() {
    if (error_ == 0 && (syncer_ == nullptr || syncer_->error() == 0)) error_ = errno != 0 ? errno : EIO;
    g_stop.store(true);  // stop reading: nothing more can be written
  }

  static int terminal_width() {
    winsize ws{};
    return ioctl(fileno(stderr), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20 ? ws.ws_col : 80;
  }

  void show_progress(Clock::time_point now) {
    last_progress_ = now;
    progress_.lines = cp_.tally.lines;
    progress_.errors = cp_.tally.failed;
    progress_.seconds = seconds(now);
    if (tty_) {
      std::fputs(batch::progress_bar(progress_, terminal_width()).c_str(), stderr);
    } else {
      std::fprintf(stderr, "%s\n", batch::progress_json(progress_).c_str());
    }
  }

  FILE* out_;
  FILE* err_;
  Checkpoint cp_;  // the tally so far (its byte counts are filled in per checkpoint)
  bool tty_;
  int error_ = 0;  // errno of the first failed write; 0 while all is well
  batch::ProgressSnapshot progress_;
  Clock::time_point started_ = Clock::now(), last_progress_ = started_;
  std::unique_ptr<CheckpointSyncer> syncer_;  // last: destroyed (joined) first
};

// -j 1: read, process and write on this thread.
void run_sequential(LineReader& reader, Writer& writer, const core::RuleSet& rules,
                    const core::PipelineOptions& options, long long first_line) {
  Chunk c;
  for (std::uint64_t index = 0;; ++index) {
    read_chunk(reader, c, index, first_line, options.parse.max_bytes);
    if (c.lines.empty()) return;
    first_line += static_cast<long long>(c.lines.size());
    batch::process(c, rules, options);
    writer.write(c);
  }
}

// -j N: a reader thread, N workers and this thread writing in order. At most `max_in_flight`
// chunks exist at once, so memory is bounded whatever the input size.
void run_parallel(LineReader& reader, Writer& writer, const core::RuleSet& rules,
                  const core::PipelineOptions& options, long long first_line, int jobs) {
  const std::size_t max_in_flight = static_cast<std::size_t>(jobs) * 2 + 2;
  std::mutex m;
  std::condition_variable slot_free, work_ready, chunk_done;
  std::deque<std::unique_ptr<Chunk>> todo;
  std::map<std::uint64_t, std::unique_ptr<Chunk>> done;
  std::vector<std::unique_ptr<Chunk>> spare;  // written chunks, ready to be filled again
  std::size_t in_flight = 0;
  bool reading_finished = false;
  std::uint64_t chunks_read = 0;

  std::thread read_thread([&] {
    for (std::uint64_t index = 0;; ++index) {
      std::unique_ptr<Chunk> c;
      {
        std::unique_lock lock(m);
        slot_free.wait(lock, [&] { return in_flight < max_in_flight; });
        ++in_flight;
        if (!spare.empty()) {
          c = std::move(spare.back());
          spare.pop_back();
        }
      }
      if (!c) c = std::make_unique<Chunk>();
      read_chunk(reader, *c, index, first_line, options.parse.max_bytes);
      std::lock_guard lock(m);
      if (c->lines.empty()) {
        --in_flight;
        reading_finished = true;
        chunks_read = index;
        work_ready.notify_all();
        chunk_done.notify_all();
        return;
      }
      first_line += static_cast<long long>(c->lines.size());
      todo.push_back(std::move(c));
      work_ready.notify_one();
    }
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < jobs; ++t) {
    workers.emplace_back([&] {
      while (true) {
        std::unique_ptr<Chunk> c;
        {
          std::unique_lock lock(m);
          work_ready.wait(lock, [&] { return !todo.empty() || reading_finished; });
          if (todo.empty()) return;
          c = std::move(todo.front());
          todo.pop_front();
        }
        batch::process(*c, rules, options);
        std::lock_guard lock(m);
        std::uint64_t index = c->index;
        done.emplace(index, std::move(c));
        chunk_done.notify_one();
      }
    });
  }
  for (std::uint64_t next = 0;; ++next) {
    std::unique_ptr<Chunk> c;
    {
      std::unique_lock lock(m);
      chunk_done.wait(lock,
                      [&] { return done.count(next) > 0 || (reading_finished && next >= chunks_read); });
      auto it = done.find(next);
      if (it == done.end()) break;
      c = std::move(it->second);
      done.erase(it);
    }
    writer.write(*c);
    std::lock_guard lock(m);
    spare.push_back(std::move(c));
    --in_flight;
    slot_free.notify_one();
  }
  read_thread.join();
  for (auto& w : workers) w.join();
}

}  // namespace

int run_batch(const std::vector<std::string_view>& argv) {
  Args a;
  if (auto usage = parse_args(argv, a)) return *usage;
  auto rules = core::RuleSet::load(a.mappings_dir);
  if (!rules.ok()) {
    for (const auto& i : rules.error()) std::fprintf(stderr, "sarcoma-adapter: %s\n", i.diagnostics.c_str());
    return kExitSoftware;
  }
  LineReader reader(a.in_path);
  if (!reader.ok()) {
    std::fprintf(stderr, "sarcoma-adapter: cannot read %s\n", a.in_path.c_str());
    return kExitNoInput;
  }

  // Outputs: OUT and OUT.errors.ndjson (or stdout/stderr), resumed from the checkpoint when asked.
  // A checkpoint needs a regular file: a pipe or a device (-o /dev/null) can be neither fsynced
  // nor cut back, and no OUT.errors.ndjson belongs beside it; its errors go to stderr, as with
  // standard output. A name for an open descriptor (/dev/stdout, /dev/fd/N, /proc/...) is a
  // stream even when it leads to a file (stdout redirected to one), so nothing is created in /dev
  // beside it; a regular file elsewhere under /dev (/dev/shm) is a file.
  std::error_code status_error;
  const auto out_status = std::filesystem::status(a.out_path, status_error);
  const std::string_view o = a.out_path;
  const bool names_descriptor =
      o == "/dev/stdout" || o == "/dev/stderr" || o.rfind("/dev/fd/", 0) == 0 || o.rfind("/proc/", 0) == 0;
  const bool out_is_file =
      !a.out_path.empty() && !names_descriptor &&
      (!std::filesystem::exists(out_status) || std::filesystem::is_regular_file(out_status));
  if (a.resume && !out_is_file) {
    std::fprintf(stderr, "sarcoma-adapter batch: --resume needs -o to name a regular file\n");
    return kExitUsage;
  }
  std::string errors_path = out_is_file ? a.out_path + ".errors.ndjson" : std::string();
  std::string checkpoint_path = out_is_file ? a.out_path + ".checkpoint" : std::string();
  Checkpoint cp;
  if (a.resume && std::filesystem::exists(checkpoint_path)) {
    auto read = batch::read_checkpoint(checkpoint_path);
    if (!read) {
      std::fprintf(stderr,
                   "sarcoma-adapter batch: %s is not a checkpoint of this version; remove it to start over\n",
                   checkpoint_path.c_str());
      return kExitDataError;
    }
    cp = *read;
    // Outputs shorter than the checkpoint vouches for were changed after it: lengthening them
    // would fill the gap with zero bytes.
    std::error_code size_error;
    const auto out_size = std::filesystem::file_size(a.out_path, size_error);
    const auto errors_size = size_error ? 0 : std::filesystem::file_size(errors_path, size_error);
    if (size_error || out_size < static_cast<std::uintmax_t>(cp.out_bytes) ||
        errors_size < static_cast<std::uintmax_t>(cp.errors_bytes)) {
      std::fprintf(stderr,
                   "sarcoma-adapter batch: cannot resume: %s or its errors file is missing or shorter than %s "
                   "says; remove the checkpoint to start over\n",
                   a.out_path.c_str(), checkpoint_path.c_str());
      return kExitDataError;
    }
    // Anything written after the last checkpoint is cut off and done again.
    std::error_code ec;
    std::filesystem::resize_file(a.out_path, static_cast<std::uintmax_t>(cp.out_bytes), ec);
    if (!ec) std::filesystem::resize_file(errors_path, static_cast<std::uintmax_t>(cp.errors_bytes), ec);
    if (ec) {
      std::fprintf(stderr, "sarcoma-adapter batch: cannot resume: %s\n", ec.message().c_str());
      return kExitNoInput;
    }
  }
  const bool appending = cp.tally.lines > 0;
  if (!appending && !checkpoint_path.empty()) {
    // A fresh start: the checkpoint of an earlier run to this OUT is gone for good (on disk)
    // before the outputs are emptied, so no later --resume can trust it against the new outputs.
    std::error_code ec;
    const bool removed = std::filesystem::remove(checkpoint_path, ec);
    if (ec || (removed && !batch::sync_directory_of(checkpoint_path))) {
      std::fprintf(stderr, "sarcoma-adapter batch: cannot remove the old %s: %s\n", checkpoint_path.c_str(),
                   ec ? ec.message().c_str() : std::strerror(errno));
      return kExitIoError;
    }
  }
  FILE* out = a.out_path.empty() ? stdout : std::fopen(a.out_path.c_str(), appending ? "ab" : "wb");
  FILE* err = errors_path.empty() ? stderr : std::fopen(errors_path.c_str(), appending ? "ab" : "wb");
  if (out == nullptr || err == nullptr) {
    std::fprintf(stderr, "sarcoma-adapter batch: cannot write %s\n", a.out_path.c_str());
    return kExitNoInput;
  }
  std::string skipped;
  for (long long n = 0; n < cp.tally.lines; ++n) {
    if (!reader.next(skipped, 0)) break;
  }

  core::PipelineOptions options;
  options.adapter_version = SARCOMA_VERSION;
  options.fallback_recorded = a.recorded.empty() ? now_instant() : a.recorded;
  options.typed_bundle = false;  // the Bundles are written out as derive wrote them
  install_stop_handlers();
  Writer writer(out, err, checkpoint_path, cp, reader);
  const long long first_line = cp.tally.lines + 1;
  if (a.jobs == 1) {
    run_sequential(reader, writer, **rules, options, first_line);
  } else {
    run_parallel(reader, writer, **rules, options, first_line, a.jobs);
  }
  writer.finish();
  bool closed = (out == stdout || std::fclose(out) == 0) && (err == stderr || std::fclose(err) == 0);
  if (writer.failed() || !closed) {
    int e = writer.failed() ? writer.error() : errno;
    std::fprintf(stderr, "sarcoma-adapter batch: cannot write %s: %s%s\n",
                 a.out_path.empty() ? "standard output" : a.out_path.c_str(), std::strerror(e),
                 checkpoint_path.empty() ? "" : "; what the checkpoint covers is safe: run again with --resume");
    return kExitIoError;
  }
  if (g_stop.load()) {
    std::fprintf(stderr, "sarcoma-adapter batch: interrupted after line %lld%s\n", writer.tally().lines,
                 checkpoint_path.empty() ? "" : "; run again with --resume to continue");
    return kExitInterrupted;
  }
  if (reader.failed()) {
    std::fprintf(stderr, "sarcoma-adapter: %s: read error (corrupt gzip?)\n", a.in_path.c_str());
    return kExitDataError;
  }
  return writer.tally().failed > 0 ? kExitDataError : kExitOk;
}

}  // namespace sarcoma::service
