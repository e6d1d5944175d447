#include "adapter/service/batch_command.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "adapter/core/pipeline.hpp"
#include "adapter/service/cli.hpp"
#include "adapter/service/clock.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/outcome.hpp"
#include "mappings/rules.hpp"

namespace sarcoma::service {
namespace {

// Lines of a plain or gzip file (zlib reads both); a line longer than the limit is still returned
// whole up to the limit plus one byte, so the parser refuses it by size.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : f_(gzopen(path.c_str(), "rb")) {}
  ~LineReader() {
    if (f_) gzclose(f_);
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  bool ok() const { return f_ != nullptr; }
  bool failed() const { return error_; }

  bool next(std::string& line, std::size_t max_bytes) {
    line.clear();
    while (true) {
      if (pos_ == len_) {
        int n = gzread(f_, buf_, sizeof buf_);
        if (n < 0) {
          error_ = true;
          return false;
        }
        if (n == 0) return !line.empty();
        pos_ = 0;
        len_ = static_cast<std::size_t>(n);
      }
      while (pos_ < len_) {
        char c = buf_[pos_++];
        if (c == '\n') return true;
        if (line.size() <= max_bytes) line.push_back(c);
      }
    }
  }

 private:
  gzFile f_;
  char buf_[1 << 16];
  std::size_t pos_ = 0, len_ = 0;
  bool error_ = false;
};

struct Checkpoint {
  long long lines = 0;           // input lines fully written out
  long long out_bytes = 0;       // size of OUT at that point
  long long errors_bytes = 0;    // size of OUT.errors.ndjson at that point
  long long ok = 0, failed = 0;  // counts so far
};

bool read_checkpoint(const std::string& path, Checkpoint& c) {
  std::ifstream in(path);
  return static_cast<bool>(in >> c.lines >> c.out_bytes >> c.errors_bytes >> c.ok >> c.failed);
}

// Written to a temporary file and renamed: a crash leaves the old or the new checkpoint, never half.
bool write_checkpoint(const std::string& path, const Checkpoint& c) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << c.lines << ' ' << c.out_bytes << ' ' << c.errors_bytes << ' ' << c.ok << ' ' << c.failed << '\n';
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

struct Result1 {
  bool ok = false;
  std::string text;  // the Bundle, or the error line
};

}  // namespace

int run_batch(const std::vector<std::string_view>& args) {
  std::string in_path, out_path, recorded, mappings_dir = mappings::default_mappings_dir();
  int jobs = 1;
  bool resume = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> std::string { return i + 1 < args.size() ? std::string(args[++i]) : std::string(); };
    if (args[i] == "-o" || args[i] == "--output") {
      out_path = value();
    } else if (args[i] == "-j" || args[i] == "--jobs") {
      std::string v = value();
      jobs = std::atoi(v.c_str());
      if (jobs < 1 || jobs > 256) {
        std::fputs("sarcoma-adapter batch: -j takes 1..256\n", stderr);
        return kExitUsage;
      }
    } else if (args[i] == "--resume") {
      resume = true;
    } else if (args[i] == "--recorded") {
      recorded = value();
    } else if (args[i] == "--mappings") {
      mappings_dir = value();
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      std::fprintf(stderr, "sarcoma-adapter batch: unknown option '%.*s'\n", static_cast<int>(args[i].size()), args[i].data());
      return kExitUsage;
    } else if (in_path.empty()) {
      in_path = args[i];
    } else {
      std::fputs("sarcoma-adapter batch: one input file\n", stderr);
      return kExitUsage;
    }
  }
  if (in_path.empty() || (resume && out_path.empty())) {
    std::fputs("usage: sarcoma-adapter batch IN.ndjson[.gz] [-o OUT.ndjson] [-j N] [--resume] [--recorded INSTANT]\n"
               "       (--resume needs -o)\n",
               stderr);
    return kExitUsage;
  }
  auto rules = core::RuleSet::load(mappings_dir);
  if (!rules.ok()) {
    for (const auto& i : rules.error()) std::fprintf(stderr, "sarcoma-adapter: %s\n", i.diagnostics.c_str());
    return kExitSoftware;
  }
  LineReader reader(in_path);
  if (!reader.ok()) {
    std::fprintf(stderr, "sarcoma-adapter: cannot read %s\n", in_path.c_str());
    return kExitNoInput;
  }

  // Outputs: OUT and OUT.errors.ndjson (or stdout/stderr), resumed from the checkpoint when asked.
  std::string errors_path = out_path.empty() ? std::string() : out_path + ".errors.ndjson";
  std::string checkpoint_path = out_path.empty() ? std::string() : out_path + ".checkpoint";
  Checkpoint cp;
  if (resume && read_checkpoint(checkpoint_path, cp)) {
    // Anything written after the last checkpoint is cut off and done again.
    std::error_code ec;
    std::filesystem::resize_file(out_path, static_cast<std::uintmax_t>(cp.out_bytes), ec);
    if (!ec) std::filesystem::resize_file(errors_path, static_cast<std::uintmax_t>(cp.errors_bytes), ec);
    if (ec) {
      std::fprintf(stderr, "sarcoma-adapter batch: cannot resume: %s\n", ec.message().c_str());
      return kExitNoInput;
    }
  } else {
    cp = Checkpoint{};
  }
  FILE* out = out_path.empty() ? stdout : std::fopen(out_path.c_str(), cp.lines > 0 ? "ab" : "wb");
  FILE* err = errors_path.empty() ? stderr : std::fopen(errors_path.c_str(), cp.lines > 0 ? "ab" : "wb");
  if (out == nullptr || err == nullptr) {
    std::fprintf(stderr, "sarcoma-adapter batch: cannot write %s\n", out_path.c_str());
    return kExitNoInput;
  }
  std::string line;
  for (long long skipped = 0; skipped < cp.lines; ++skipped) {
    if (!reader.next(line, 0)) break;
  }

  core::PipelineOptions options;
  options.adapter_version = SARCOMA_VERSION;
  options.fallback_recorded = recorded.empty() ? now_instant() : recorded;
  const std::size_t chunk = static_cast<std::size_t>(jobs) * 256;
  std::vector<std::string> lines;
  std::vector<Result1> results;
  auto started = std::chrono::steady_clock::now();
  auto last_progress = started;
  long long done_this_run = 0;
  bool input_error = false;
  while (true) {
    lines.clear();
    std::string l;
    while (lines.size() < chunk && reader.next(l, options.parse.max_bytes)) lines.push_back(std::move(l));
    if (reader.failed()) input_error = true;
    if (lines.empty()) break;
    results.assign(lines.size(), {});
    // Each worker takes the next line; results land at their index, so output keeps input order.
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t k = next++; k < lines.size(); k = next++) {
        const std::string& text = lines[k];
        long long line_no = cp.lines + static_cast<long long>(k) + 1;
        if (text.find_first_not_of(" \t\r") == std::string::npos) {
          results[k] = {true, ""};  // blank line: nothing to do
          continue;
        }
        auto r = core::run_pipeline(text, **rules, options);
        if (r.ok()) {
          results[k] = {true, fhir::to_json(fhir::Resource(std::move(r->bundle)))};
        } else {
          results[k] = {false, "{\"line\":" + std::to_string(line_no) + ",\"outcome\":" +
                                   fhir::to_json(fhir::Resource(fhir::make_operation_outcome(r.error()))) + "}"};
        }
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < jobs; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (const auto& r : results) {
      if (r.ok && r.text.empty()) continue;
      FILE* to = r.ok ? out : err;
      std::fwrite(r.text.data(), 1, r.text.size(), to);
      std::fputc('\n', to);
      (r.ok ? cp.ok : cp.failed) += 1;
    }
    cp.lines += static_cast<long long>(lines.size());
    done_this_run += static_cast<long long>(lines.size());
    if (!checkpoint_path.empty()) {
      // The outputs reach the disk before the checkpoint that vouches for them.
      std::fflush(out);
      std::fflush(err);
      fsync(fileno(out));
      fsync(fileno(err));
      cp.out_bytes = static_cast<long long>(std::ftell(out));
      cp.errors_bytes = static_cast<long long>(std::ftell(err));
      write_checkpoint(checkpoint_path, cp);
    }
    auto now = std::chrono::steady_clock::now();
    if (now - last_progress >= std::chrono::seconds(1)) {
      double secs = std::chrono::duration<double>(now - started).count();
      std::fprintf(stderr, "{\"event\":\"progress\",\"lines\":%lld,\"ok\":%lld,\"errors\":%lld,\"lines_per_s\":%.0f}\n",
                   cp.lines, cp.ok, cp.failed, done_this_run / secs);
      last_progress = now;
    }
  }
  std::fflush(out);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "{\"event\":\"done\",\"lines\":%lld,\"ok\":%lld,\"errors\":%lld,\"seconds\":%.3f}\n", cp.lines, cp.ok,
               cp.failed, secs);
  if (out != stdout) std::fclose(out);
  if (err != stderr) std::fclose(err);
  if (input_error) {
    std::fprintf(stderr, "sarcoma-adapter: %s: read error (corrupt gzip?)\n", in_path.c_str());
    return kExitDataError;
  }
  return cp.failed > 0 ? kExitDataError : kExitOk;
}

}  // namespace sarcoma::service
