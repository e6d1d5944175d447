#include "adapter/service/batch/progress.hpp"

#include <gtest/gtest.h>

namespace sarcoma::service::batch {
namespace {

ProgressSnapshot halfway() {
  ProgressSnapshot p;
  p.lines = 5000;
  p.lines_this_run = 4000;
  p.seconds = 2.0;
  p.bytes_at_start = 1000;
  p.bytes_done = 5000;  // 4000 bytes in 2 s
  p.bytes_total = 10000;
  return p;
}

TEST(BatchProgress, RateIsThisRunsLinesOverItsTime) {
  EXPECT_DOUBLE_EQ(lines_per_second(halfway()), 2000.0);
  ProgressSnapshot none;
  EXPECT_DOUBLE_EQ(lines_per_second(none), 0.0);
}

TEST(BatchProgress, EtaFromTheByteRateOfThisRun) {
  auto eta = eta_seconds(halfway());  // 5000 bytes left at 2000 bytes/s
  ASSERT_TRUE(eta.has_value());
  EXPECT_DOUBLE_EQ(*eta, 2.5);
  ProgressSnapshot pipe = halfway();
  pipe.bytes_total = 0;
  EXPECT_FALSE(eta_seconds(pipe).has_value());
  ProgressSnapshot fresh = halfway();
  fresh.bytes_done = fresh.bytes_at_start;
  EXPECT_FALSE(eta_seconds(fresh).has_value());
}

TEST(BatchProgress, Durations) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(65.4), "1:05");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(-3), "0:00");
}

TEST(BatchProgress, BarShowsCountPercentRateEtaAndFillsItsWidth) {
  std::string bar = progress_bar(halfway(), 80);
  EXPECT_EQ(bar.front(), '\r');
  EXPECT_EQ(bar.size(), 80u);  // '\r' + 79 columns: never wraps an 80-column terminal
  EXPECT_NE(bar.find("5000 lines  50% ["), std::string::npos) << bar;
  EXPECT_NE(bar.find("2000/s  ETA 0:03"), std::string::npos) << bar;
  auto open = bar.find('['), close = bar.find(']');
  std::string inside = bar.substr(open + 1, close - open - 1);
  EXPECT_EQ(static_cast<std::size_t>(std::count(inside.begin(), inside.end(), '#')), inside.size() / 2);
}

TEST(BatchProgress, BarWithoutKnownSizeHasNoPercent) {
  ProgressSnapshot p = halfway();
  p.bytes_total = 0;
  p.errors = 3;
  std::string bar = progress_bar(p, 80);
  EXPECT_EQ(bar.find('['), std::string::npos);
  EXPECT_NE(bar.find("ETA --:--  3 errors"), std::string::npos) << bar;
}

TEST(BatchProgress, JsonLine) {
  EXPECT_EQ(progress_json(halfway()),
            "{\"event\":\"progress\",\"lines\":5000,\"errors\":0,\"lines_per_s\":2000,\"percent\":50.0,\"eta_"
            "s\":3}");
  ProgressSnapshot pipe = halfway();
  pipe.bytes_total = 0;
  EXPECT_EQ(progress_json(pipe), "{\"event\":\"progress\",\"lines\":5000,\"errors\":0,\"lines_per_s\":2000}");
}

}  // namespace
}  // namespace sarcoma::service::batch
