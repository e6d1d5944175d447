// Each row of the seed 003 histology -> differentiation score table, expected score typed from the
// seed, reached by id and (where a code exists) by ICD-O-3 morphology.
#include "mappings/histology_table.hpp"

#include <gtest/gtest.h>

using namespace sarcoma::mappings;

namespace {

const HistologyTable& table() {
  static const HistologyTable t = [] {
    auto r = load_histology_table(std::string(SARCOMA_SOURCE_DIR) + "/mappings/histology.json");
    if (!r.ok()) {
      ADD_FAILURE() << r.error().front().diagnostics;
      return HistologyTable{};
    }
    return std::move(r).value();
  }();
  return t;
}

struct SeedRow {
  const char* seed_name;  // as printed in seed 003
  const char* id;
  int score;         // as printed in seed 003
  const char* code;  // an ICD-O-3 code for it, or nullptr when the row has none of its own
};

constexpr SeedRow kSeed[] = {
    {"Atypical lipomatous tumor/well-differentiated liposarcoma", "atypical-lipomatous-tumor", 1, "8851/3"},
    {"Myxoid liposarcoma", "myxoid-liposarcoma", 2, "8852/3"},
    {"Round cell liposarcoma", "round-cell-liposarcoma", 3, "8853/3"},
    {"Pleomorphic liposarcoma", "pleomorphic-liposarcoma", 3, "8854/3"},
    {"Dedifferentiated liposarcoma", "dedifferentiated-liposarcoma", 3, "8858/3"},
    {"Fibrosarcoma", "fibrosarcoma", 2, "8810/3"},
    {"Myxofibrosarcoma", "myxofibrosarcoma", 2, "8811/3"},
    {"Undifferentiated pleomorphic sarcoma", "undifferentiated-pleomorphic-sarcoma", 3, "8802/3"},
    {"Well-differentiated leiomyosarcoma", "well-differentiated-leiomyosarcoma", 1, nullptr},
    {"Conventional leiomyosarcoma", "leiomyosarcoma", 2, "8890/3"},
    {"Poorly differentiated/pleomorphic/epithelioid leiomyosarcoma", "poorly-differentiated-leiomyosarcoma",
     3, "8891/3"},
    {"Biphasic/monophasic synovial sarcoma", "synovial-sarcoma", 3, "9040/3"},
    {"Poorly differentiated synovial sarcoma", "poorly-differentiated-synovial-sarcoma", 3, nullptr},
    {"Pleomorphic rhabdomyosarcoma", "pleomorphic-rhabdomyosarcoma", 3, "8901/3"},
    {"Mesenchymal chondrosarcoma", "mesenchymal-chondrosarcoma", 3, "9240/3"},
    {"Extraskeletal osteosarcoma", "extraskeletal-osteosarcoma", 3, nullptr},
    {"Ewing sarcoma/primitive neuroectodermal tumor (PNET)", "ewing-sarcoma", 3, "9364/3"},
    {"Malignant rhabdoid tumor", "malignant-rhabdoid-tumor", 3, "8963/3"},
    {"Undifferentiated sarcoma, not otherwise specified", "undifferentiated-sarcoma-nos", 3, "8805/3"},
};

class SeedHistologyRow : public ::testing::TestWithParam<SeedRow> {};

}  // namespace

TEST_P(SeedHistologyRow, ScoreMatchesTheSeed) {
  const SeedRow& s = GetParam();
  const HistologyRow* r = table().by_id(s.id);
  ASSERT_NE(r, nullptr) << s.seed_name;
  ASSERT_TRUE(r->differentiation_score.has_value()) << s.seed_name;
  EXPECT_EQ(*r->differentiation_score, s.score) << s.seed_name;
  EXPECT_TRUE(r->fnclcc_gradable);
  EXPECT_TRUE(r->ajcc_soft_tissue_staged);
  EXPECT_FALSE(r->source.empty());
  if (s.code) {
    EXPECT_EQ(table().by_icdo3(s.code), r) << s.code;
  }
}

INSTANTIATE_TEST_SUITE_P(Seed003, SeedHistologyRow, ::testing::ValuesIn(kSeed),
                         [](const ::testing::TestParamInfo<SeedRow>& row) {
                           std::string n = row.param.id;
                           for (auto& c : n) {
                             if (c == '-') c = '_';
                           }
                           return n;
                         });

TEST(HistologyTable, OlderAndNewerCodesReachTheSameRow) {
  EXPECT_EQ(table().by_icdo3("8830/3"), table().by_icdo3("8802/3"));  // MFH -> UPS
  EXPECT_EQ(table().by_icdo3("9260/3"), table().by_icdo3("9364/3"));  // Ewing
  EXPECT_EQ(table().by_icdo3("8850/1"), table().by_icdo3("8851/3"));  // ALT / WDLPS
}

TEST(HistologyTable, NotGradedByFnclccHaveNoScore) {
  for (const char* code : {"9120/3", "9540/3", "9581/3", "9044/3", "8804/3", "9231/3", "8910/3", "8920/3"}) {
    const HistologyRow* r = table().by_icdo3(code);
    ASSERT_NE(r, nullptr) << code;
    EXPECT_FALSE(r->fnclcc_gradable) << code;
    EXPECT_FALSE(r->differentiation_score.has_value()) << code;
  }
}

TEST(HistologyTable, OutsideTheSoftTissueChapters) {
  for (const char* code : {"8936/3", "9140/3", "8832/1", "8832/3", "8821/1", "8814/3", "8825/1"}) {
    const HistologyRow* r = table().by_icdo3(code);
    ASSERT_NE(r, nullptr) << code;
    EXPECT_FALSE(r->ajcc_soft_tissue_staged) << code;
  }
}

TEST(HistologyTable, ReclassificationProne) {
  EXPECT_TRUE(table().by_id("undifferentiated-pleomorphic-sarcoma")->reclassification_prone);
  EXPECT_TRUE(table().by_icdo3("8800/3")->reclassification_prone);  // sarcoma NOS
  EXPECT_FALSE(table().by_id("myxoid-liposarcoma")->reclassification_prone);
}

TEST(HistologyTable, UnlistedCodeIsNoGuess) {
  EXPECT_EQ(table().by_icdo3("8999/3"), nullptr);
}
