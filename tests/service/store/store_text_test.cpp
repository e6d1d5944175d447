// The store's text building blocks: URL decoding, instants, the JSON tree, names and ids.
#include <gtest/gtest.h>

#include "adapter/service/store/instant.hpp"
#include "adapter/service/store/json_value.hpp"
#include "adapter/service/store/resource_types.hpp"
#include "adapter/service/store/url.hpp"

using namespace sarcoma::service::store;

TEST(StoreUrl, DecodesPercentEscapesAndPlusInQueries) {
  EXPECT_EQ(percent_decode("sys%7Cval", true).value(), "sys|val");
  EXPECT_EQ(percent_decode("a%7cb", true).value(), "a|b");  // lower-case hex
  EXPECT_EQ(percent_decode("a+b%2Bc", true).value(), "a b+c");
  EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");  // paths keep '+'
  EXPECT_EQ(percent_decode("%E2%82%AC", true).value(), "\xE2\x82\xAC");
  EXPECT_FALSE(percent_decode("100%", true).has_value());
  EXPECT_FALSE(percent_decode("%7", true).has_value());
  EXPECT_FALSE(percent_decode("%zz", true).has_value());
}

TEST(StoreUrl, ParsesQueryStringsInOrder) {
  auto q = parse_query("identifier=https%3A%2F%2Fx.org%2Fids%7C42&status=requested&&flag&status=ready");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 4u);
  EXPECT_EQ((*q)[0], (std::pair<std::string, std::string>{"identifier", "https://x.org/ids|42"}));
  EXPECT_EQ((*q)[1].second, "requested");
  EXPECT_EQ((*q)[2], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ((*q)[3].second, "ready");
  EXPECT_TRUE(parse_query("").value().empty());
  auto bad = parse_query("identifier=abc%G1");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("identifier"), std::string::npos);
  EXPECT_EQ(bad.error().find("abc"), std::string::npos);  // never the value
}

TEST(StoreUrl, EncodingRoundTrips) {
  QueryParams p{{"identifier", "https://x.org/ids|a b,c\\,d"}, {"_count", "10"}};
  const std::string q = build_query(p);
  EXPECT_EQ(q, "identifier=https%3A%2F%2Fx.org%2Fids%7Ca%20b%2Cc%5C%2Cd&_count=10");
  EXPECT_EQ(parse_query(q).value(), p);
}

TEST(StoreInstant, FormatsFhirInstantsAndHttpDates) {
  EXPECT_EQ(fhir_instant(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(fhir_instant(1'714'566'896'789), "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(fhir_instant(951'782'400'000), "2000-02-29T00:00:00.000Z");  // leap day
  EXPECT_EQ(fhir_instant(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(1'714'566'896'789), "Wed, 01 May 2024 12:34:56 GMT");
}

TEST(StoreJson, KeepsNumbersAsWrittenAndMemberOrder) {
  const std::string text =
      R"({"b":1.50,"a":[1e2,-0.0,12345678901234567890],"c":{"t":true,"f":false,"n":null},"s":"\u00e9\"\n"})";
  auto j = parse_json(text, 64, "X");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(
      write_json(*j),
      R"({"b":1.50,"a":[1e2,-0.0,12345678901234567890],"c":{"t":true,"f":false,"n":null},"s":"é\"\n"})");
  EXPECT_EQ(j->members[0].key, "b");
  EXPECT_EQ(j->find("b")->text, "1.50");
}

TEST(StoreJson, RefusesDuplicateKeysNulBytesBadUtf8AndDeepNesting) {
  auto dup = parse_json(R"({"resourceType":"Task","identifier":[{"value":"a","value":"b"}]})", 64, "Task");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "structure");
  EXPECT_EQ(dup.error().expression, "Task.identifier[0].value");

  auto nul = parse_json(std::string("{\"a\":1}\0{", 9), 64, "X");
  ASSERT_FALSE(nul.ok());
  EXPECT_NE(nul.error().diagnostics.find("NUL"), std::string::npos);

  EXPECT_FALSE(parse_json("{\"a\":\"\xC3\x28\"}", 64, "X").ok());  // invalid UTF-8

  std::string deep(100000, '[');
  auto d = parse_json(deep, 64, "X");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, "too-costly");
  EXPECT_TRUE(parse_json(std::string(10, '[') + std::string(10, ']'), 64, "X").ok());
}

TEST(StoreJson, ErrorsNameThePathWhereParsingStopped) {
  auto e = parse_json(R"({"resourceType":"Task","identifier":[{"system": ]})", 64, "Task");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().expression, "Task.identifier[0].system");
  EXPECT_TRUE(e.error().offset.has_value());
  auto trailing = parse_json(R"({"a":1} x)", 64, "Task");
  ASSERT_FALSE(trailing.ok());
  EXPECT_EQ(trailing.error().code, "structure");
}

TEST(StoreResourceTypes, KnowsR4TypesAndIdSyntax) {
  EXPECT_TRUE(is_resource_type("DiagnosticReport"));
  EXPECT_TRUE(is_resource_type("Task"));
  EXPECT_TRUE(is_resource_type("VisionPrescription"));
  EXPECT_FALSE(is_resource_type("task"));
  EXPECT_FALSE(is_resource_type("DomainResource"));
  EXPECT_FALSE(is_resource_type("Task;DROP"));
  EXPECT_FALSE(is_resource_type(""));
  auto all = resource_types();
  EXPECT_EQ(all.size(), 146u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));

  EXPECT_TRUE(is_valid_id("a-B.9"));
  EXPECT_TRUE(is_valid_id(std::string(64, 'x')));
  EXPECT_FALSE(is_valid_id(std::string(65, 'x')));
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("a/b"));
  EXPECT_FALSE(is_valid_id("a_b"));
  EXPECT_FALSE(is_valid_id("a b"));
}
