// The review worklist (issue 9): "a worklist of 1,000 tasks renders in under 200 ms". Measured
// three ways over 1,000 open review Tasks in the embedded store, each made by the daemon's own job
// processor from the narrative sample reports (copies with distinct report ids):
//   - GET / (50 rows) and GET /?size=200 through the WebApp with a cold row cache (every row's report
//     re-read and re-assessed), and the same with a warm cache;
//   - the pure HTML of all 1,000 rows on one page (the render step alone).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "adapter/core/rule_set.hpp"
#include "adapter/service/as_transaction.hpp"
#include "adapter/service/intake.hpp"
#include "adapter/service/sinks.hpp"
#include "adapter/service/store/sqlite_fhir_store.hpp"
#include "adapter/service/web/pages.hpp"
#include "adapter/service/web/password_hash.hpp"
#include "adapter/service/web/web_routes.hpp"

namespace {

using namespace sarcoma;
using namespace sarcoma::service;

const char* kReports[] = {"07-narrative-myxofibrosarcoma-thigh-plain.json", "08-narrative-pleomorphic-lps-chest-wall-html.json",
                          "10-narrative-cap-fibrosarcoma-5cm-mitoses-9.json", "17-narrative-angiosarcoma-scalp.json",
                          "24-narrative-ups-post-neoadjuvant-ypt2.json", "27-narrative-synovial-thigh-n1.json",
                          "30-narrative-lms-flank-grade-discordant.json", "54-narrative-alt-thigh-18cm.json"};
constexpr int kTasks = 1000;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
}

struct World {
  std::shared_ptr<const core::RuleSet> rules;
  std::string dir;
  std::unique_ptr<store::SqliteFhirStore> store;
  ResourceReader read;
  TransactionWriter write;
  ResourceSearcher search;

  World() {
    rules = std::move(core::RuleSet::load(mappings::default_mappings_dir())).value();
    dir = (std::filesystem::temp_directory_path() / ("worklist-bench-" + std::to_string(::getpid()))).string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = std::move(store::SqliteFhirStore::open(dir + "/store.db")).value();
    read = embedded_reader(*store);
    write = embedded_writer(*store, [] { return store::Millis{1}; });
    search = embedded_searcher(*store);
    ProcessorContext ctx{*rules, write, read, [] { return std::string("2026-11-25T09:00:00Z"); }, "bench", nullptr,
                         nullptr, search};
    for (int i = 0; i < kTasks; ++i) {
      std::string name = kReports[i % std::size(kReports)];
      std::string report = read_file(std::string(SARCOMA_SOURCE_DIR) + "/fixtures/reports/" + name);
      std::string n = name.substr(0, 2);
      replace_all(report, "\"dr-" + n + "\"", "\"dr-" + n + "-" + std::to_string(i) + "\"");
      replace_all(report, "RPT-2026-01" + n, "RPT-2026-01" + n + "-" + std::to_string(i));
      auto stored = store->process_bundle(std::move(as_transaction(report)).value(), 1, "");
      for (const auto& ref : stored->changed) {
        if (ref.type != "DiagnosticReport") continue;
        Job job;
        job.kind = kJobFetchReport;
        job.payload = ref.type + "/" + ref.id;
        process_job(job, ctx);
      }
    }
  }
  ~World() { std::filesystem::remove_all(dir); }

  std::unique_ptr<web::WebApp> app() {
    web::WebOptions options;
    options.bearer_tokens = {"bench-token"};
    return std::make_unique<web::WebApp>(*rules, read, search, write, [] { return web::Millis{1}; },
                                         [] { return std::string("2026-11-25T10:00:00Z"); }, "bench", options);
  }
};

World& world() {
  static World w;
  return w;
}

HttpRequest get(const std::string& target) {
  HttpRequest r;
  r.method = "GET";
  r.target = target;
  r.headers.emplace_back("authorization", "Bearer bench-token");
  return r;
}

void request(benchmark::State& state, const std::string& target, bool warm) {
  World& w = world();
  auto app = w.app();
  Router router;
  app->add_routes(router);
  if (warm) router.handle(get(target));
  for (auto _ : state) {
    if (!warm) {
      state.PauseTiming();
      app = w.app();  // a fresh row cache: every row's report is read and assessed again
      router = Router();
      app->add_routes(router);
      state.ResumeTiming();
    }
    HttpResponse r = router.handle(get(target));
    if (r.status != 200 || r.body.find("<span id=\"matched\">1000</span>") == std::string::npos) {
      state.SkipWithError("the worklist did not list the 1,000 tasks");
      break;
    }
    benchmark::DoNotOptimize(r.body.data());
  }
}

void BM_Worklist1000_Get50Rows_Cold(benchmark::State& s) { request(s, "/", false); }
void BM_Worklist1000_Get50Rows_Warm(benchmark::State& s) { request(s, "/", true); }
void BM_Worklist1000_Get200Rows_Cold(benchmark::State& s) { request(s, "/?size=200", false); }
void BM_Worklist1000_Get200Rows_Warm(benchmark::State& s) { request(s, "/?size=200", true); }
BENCHMARK(BM_Worklist1000_Get50Rows_Cold)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Worklist1000_Get50Rows_Warm)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Worklist1000_Get200Rows_Cold)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Worklist1000_Get200Rows_Warm)->Unit(benchmark::kMillisecond);

// The render step alone: 1,000 rows on one page.
void BM_WorklistPage_Render1000Rows(benchmark::State& state) {
  World& w = world();
  auto tasks = w.search("Task", {}, 2000);
  web::WorklistView view;
  for (const auto& json : *tasks) {
    auto item = web::parse_work_item(json);
    auto assembled = assemble_report(item->focus, w.read);
    auto analysis = web::analyse_case(*assembled, item->focus, *w.rules);
    view.rows.push_back(web::WorklistRow{*item, web::summarize(*(*analysis)->outcome), ""});
  }
  view.matched = view.rows.size();
  view.filter.page_size = kTasks;
  for (auto _ : state) {
    std::string html = web::worklist_page(view, {"Dr Bench", std::string(64, 'a')}, *w.rules);
    benchmark::DoNotOptimize(html.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(view.rows.size()));
}
BENCHMARK(BM_WorklistPage_Render1000Rows)->Unit(benchmark::kMillisecond);

}  // namespace
