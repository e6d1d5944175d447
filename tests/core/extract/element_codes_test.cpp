// The element-code table: the shipped mappings/elements.json loads and holds the codes of the
// design's "Input codes seen in the field"; the loader names the row of each error.
#include "mappings/element_codes.hpp"

#include <gtest/gtest.h>

#include "tests/core/extract/support.hpp"

namespace sarcoma::core::test {
namespace {

using mappings::ElementKind;

TEST(ElementCodes, ShippedTableHasTheFieldCodes) {
  const auto& e = elements();
  EXPECT_FALSE(e.version.empty());
  struct Row {
    const char* system;
    const char* code;
    ElementKind kind;
    const char* prefix;
  };
  const Row rows[] = {
      {"http://loinc.org", "21889-1", ElementKind::size, ""},
      {"http://loinc.org", "33728-7", ElementKind::size, ""},
      {"http://loinc.org", "33729-5", ElementKind::size_additional_dimension, ""},
      {"http://loinc.org", "33732-9", ElementKind::grade, ""},
      {"http://loinc.org", "31206-6", ElementKind::histology, ""},
      {"http://loinc.org", "59847-4", ElementKind::histology, ""},
      {"http://loinc.org", "21899-0", ElementKind::t_category, "p"},
      {"http://loinc.org", "21900-6", ElementKind::n_category, "p"},
      {"http://loinc.org", "21901-4", ElementKind::m_category, "p"},
      {"http://loinc.org", "21902-2", ElementKind::stage_group, "p"},
      {"http://loinc.org", "21905-5", ElementKind::t_category, "c"},
      {"http://loinc.org", "21906-3", ElementKind::n_category, "c"},
      {"http://loinc.org", "21907-1", ElementKind::m_category, "c"},
      {"http://loinc.org", "21908-9", ElementKind::stage_group, "c"},
      {"http://snomed.info/sct", "384625004", ElementKind::t_category, "p"},
  };
  for (const auto& r : rows) {
    const auto* found = e.find(r.system, r.code);
    ASSERT_NE(found, nullptr) << r.code;
    EXPECT_EQ(found->kind, r.kind) << r.code;
    EXPECT_EQ(found->prefix, r.prefix) << r.code;
  }
  EXPECT_TRUE(e.is_label_system("https://cap.org/eCC"));
  ASSERT_NE(e.find_value("http://snomed.info/sct", "1228850007"), nullptr);
  EXPECT_EQ(e.find_value("http://snomed.info/sct", "1228850007")->value, "G2");
  EXPECT_EQ(e.find("http://loinc.org", "0000-0"), nullptr);
}

TEST(ElementCodes, ErrorsNameTheRow) {
  auto r = mappings::parse_element_codes(R"({"elements":[
      {"system":"http://loinc.org","code":"1-1","kind":"size"},
      {"system":"http://loinc.org","code":"1-2","kind":"weight"},
      {"system":"http://loinc.org","code":"1-1","kind":"grade"},
      {"code":"1-3","kind":"grade"},
      {"system":"s","code":"c","kind":"size","finding":"serosa"},
      {"system":"s","code":"e","kind":"extent-finding"}]})");  // no key: the value names the finding
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().size(), 4u);
  EXPECT_EQ(r.error()[0].expression, "elements[1].kind");
  EXPECT_EQ(r.error()[1].expression, "elements[2]");
  EXPECT_EQ(r.error()[2].expression, "elements[3]");
  EXPECT_EQ(r.error()[3].expression, "elements[4]");
  EXPECT_FALSE(mappings::parse_element_codes("[]").ok());
  EXPECT_FALSE(mappings::load_element_codes("/nonexistent/elements.json").ok());
}

TEST(ElementCodes, KindNamesRoundTrip) {
  EXPECT_STREQ(mappings::to_string(ElementKind::mitotic_rate), "mitotic-rate");
  EXPECT_STREQ(mappings::to_string(ElementKind::extent_finding), "extent-finding");
}

}  // namespace
}  // namespace sarcoma::core::test
