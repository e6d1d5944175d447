#include "adapter/service/dlq_command.hpp"

#include <charconv>
#include <cstdio>
#include <string>

#include "adapter/service/cli.hpp"
#include "adapter/service/clock.hpp"
#include "adapter/service/queue/sqlite_job_queue.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service {
namespace {

constexpr int kListLimit = 10000;

bool parse_id(std::string_view s, std::int64_t& id) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  return ec == std::errc() && p == s.data() + s.size() && id > 0;
}

// One JSON object per line: easy to read and to pipe into jq or an integration engine.
void print_dead(const DeadJob& d) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  w.StartObject();
  w.Key("id");
  w.Int64(d.id);
  w.Key("kind");
  w.String(d.kind.c_str(), static_cast<rapidjson::SizeType>(d.kind.size()));
  w.Key("dedupe_key");
  w.String(d.dedupe_key.c_str(), static_cast<rapidjson::SizeType>(d.dedupe_key.size()));
  w.Key("attempts");
  w.Int(d.attempts);
  w.Key("last_error");
  w.String(d.last_error.c_str(), static_cast<rapidjson::SizeType>(d.last_error.size()));
  w.Key("dead_since_ms");
  w.Int64(d.dead_since);
  w.EndObject();
  std::printf("%s\n", sb.GetString());
}

int fail_store(const QueueError& e) {
  std::fprintf(stderr, "sarcoma-adapter dlq: %s\n", e.c_str());
  return kExitNoInput;
}

}  // namespace

int run_dlq(const std::vector<std::string_view>& args) {
  std::string data_dir = "./var";
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--data-dir" && i + 1 < args.size()) {
      data_dir = args[++i];
    } else {
      words.push_back(args[i]);
    }
  }
  if (words.empty()) {
    std::fputs("usage: sarcoma-adapter dlq stats|list|show ID|retry ID...|retry --all [--data-dir DIR]\n",
               stderr);
    return kExitUsage;
  }
  auto queue = SqliteJobQueue::open(data_dir + "/queue.db");
  if (!queue.ok()) return fail_store(queue.error());
  JobQueue& q = **queue;

  std::string_view verb = words[0];
  if (verb == "stats" && words.size() == 1) {
    auto c = q.counts();
    if (!c.ok()) return fail_store(c.error());
    std::printf("{\"pending\":%lld,\"leased\":%lld,\"done\":%lld,\"dead\":%lld}\n",
                static_cast<long long>(c->pending), static_cast<long long>(c->leased),
                static_cast<long long>(c->done), static_cast<long long>(c->dead));
    return kExitOk;
  }
  if (verb == "list" && words.size() == 1) {
    auto dead = q.list_dead(kListLimit);
    if (!dead.ok()) return fail_store(dead.error());
    for (const auto& d : *dead) print_dead(d);
    return kExitOk;
  }
  if (verb == "show" && words.size() == 2) {
    std::int64_t id = 0;
    if (!parse_id(words[1], id)) return kExitUsage;
    auto job = q.show(id);
    if (!job.ok()) return fail_store(job.error());
    if (!job->has_value()) {
      std::fprintf(stderr, "sarcoma-adapter dlq: no job %lld\n", static_cast<long long>(id));
      return kExitDataError;
    }
    // The payload goes to stdout only, on the operator's explicit request; never to a log.
    std::fwrite((*job)->payload.data(), 1, (*job)->payload.size(), stdout);
    std::fputc('\n', stdout);
    std::fprintf(stderr, "job %lld kind=%s attempts=%d last_error=%s\n", static_cast<long long>(id),
                 (*job)->kind.c_str(), (*job)->attempts, (*job)->last_error.c_str());
    return kExitOk;
  }
  if (verb == "retry" && words.size() >= 2) {
    std::vector<std::int64_t> ids;
    if (words.size() == 2 && words[1] == "--all") {
      auto dead = q.list_dead(kListLimit);
      if (!dead.ok()) return fail_store(dead.error());
      for (const auto& d : *dead) ids.push_back(d.id);
    } else {
      for (std::size_t i = 1; i < words.size(); ++i) {
        std::int64_t id = 0;
        if (!parse_id(words[i], id)) return kExitUsage;
        ids.push_back(id);
      }
    }
    int not_dead = 0;
    for (auto id : ids) {
      auto r = q.requeue_dead(id, now_millis());
      if (!r.ok()) return fail_store(r.error());
      if (!*r) {
        std::fprintf(stderr, "sarcoma-adapter dlq: job %lld is not dead-lettered\n",
                     static_cast<long long>(id));
        ++not_dead;
      }
    }
    std::printf("requeued %zu\n", ids.size() - static_cast<std::size_t>(not_dead));
    return not_dead ? kExitDataError : kExitOk;
  }
  std::fputs("usage: sarcoma-adapter dlq stats|list|show ID|retry ID...|retry --all [--data-dir DIR]\n",
             stderr);
  return kExitUsage;
}

}  // namespace sarcoma::service
