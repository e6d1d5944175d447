#include "mappings/staging_tables.hpp"

#include <gtest/gtest.h>

using namespace sarcoma::mappings;

TEST(StagingTables, ShippedFileLoadsWithVersionAndSource) {
  auto r = load_staging_tables(std::string(SARCOMA_SOURCE_DIR) + "/mappings/staging.json");
  ASSERT_TRUE(r.ok()) << r.error().front().diagnostics;
  EXPECT_FALSE(r->version.empty());
  EXPECT_NE(r->source.find("PDQ"), std::string::npos);
  EXPECT_EQ(r->mitotic.size(), 3u);
  EXPECT_EQ(r->necrosis.size(), 3u);
  EXPECT_EQ(r->grades.size(), 3u);
  EXPECT_EQ(r->t_by_size.size(), 3u);
  EXPECT_EQ(r->stage_groups.size(), 2u);
  EXPECT_EQ(r->no_stage_group.size(), 2u);
}

TEST(StagingTables, MissingFileIsAnIssueNotACrash) {
  auto r = load_staging_tables("/nonexistent/staging.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error()[0].code, "not-found");
}

TEST(StagingTables, BadRowsAreNamedByFileAndPath) {
  auto r = parse_staging_tables(R"({"version":"x","source":"y",
    "fnclcc":{"mitotic_score":[{"id":"m1","source":"s","min":0,"score":1}],"necrosis_score":[],
              "necrosis_percent_threshold":"50","grade":[],"grade_missing":{"id":"gx","grade":"GX","source":"s"}},
    "t_by_size":{"head-neck":[{"id":"t","source":"s","value":"T1","max_cm":"two"}]},
    "t_by_finding":{},"t_by_multifocal_sites":{},"t_unknown":{"id":"tx","value":"TX","source":"s"},
    "n":{"present":{"id":"a","value":"N1","source":"s"},"absent":{"id":"b","value":"N0","source":"s"},"unknown":{"id":"c","value":"N0","source":"s"}},
    "m":{"present":{"id":"a","value":"M1","source":"s"},"absent":{"id":"b","value":"M0","source":"s"},"unknown":{"id":"c","value":"M0","source":"s"}},
    "stage_groups":{"trunk-extremity":[{"id":"s1","source":"s","group":"IA","t":[],"n":["N0"],"m":["M0"],"grade":["G1"]}]},
    "no_stage_group":{}})",
                                "staging.json");
  ASSERT_FALSE(r.ok());
  std::string all;
  for (const auto& i : r.error()) all += i.diagnostics + "\n";
  EXPECT_NE(all.find("staging.json: fnclcc.mitotic_score[0].min: expected a decimal as a string"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("staging.json: t_by_size.head-neck[0].max_cm: expected a decimal as a string"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("staging.json: stage_groups.trunk-extremity[0].t: expected a non-empty array"),
            std::string::npos)
      << all;
}

TEST(StagingTables, MalformedJson) {
  auto r = parse_staging_tables("{", "staging.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error()[0].diagnostics.find("malformed JSON"), std::string::npos);
}
