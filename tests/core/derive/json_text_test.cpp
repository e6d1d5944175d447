#include "adapter/core/derive/json_text.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "fhir/json_member.hpp"

namespace sarcoma::core {
namespace {

std::string rapidjson_string(std::string_view s) {
  rapidjson::StringBuffer buffer;
  fhir::JsonStringWriter writer(buffer);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string ours(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

// The derived Bundle must be byte-identical to what RapidJSON writes: every ASCII byte alone, and
// random valid UTF-8 strings mixing quotes, backslashes, control bytes, multi-byte characters and
// plain text. (Everything derive writes is valid UTF-8: the parser checks every input byte. On
// malformed UTF-8 RapidJSON's transcoder takes bytes as sequences and the two differ.)
TEST(JsonText, StringsEscapeExactlyAsRapidJson) {
  for (int c = 0; c < 128; ++c) {
    std::string one(1, static_cast<char>(c));
    EXPECT_EQ(ours(one), rapidjson_string(one)) << "byte " << c;
  }
  std::mt19937 rng(11);
  const std::vector<std::string> pool = {"a",
                                         "b",
                                         " ",
                                         "\"",
                                         "\\",
                                         "/",
                                         "\x01",
                                         "\x1f",
                                         "\x7f",
                                         "\n",
                                         "\t",
                                         "\r",
                                         "\b",
                                         "\f",
                                         "\xc3\xa9",
                                         "\xe2\x80\x94",
                                         "\xf0\x9f\x94\xac"};
  for (int round = 0; round < 5000; ++round) {
    std::string s;
    for (std::size_t n = rng() % 40; n > 0; --n) s += pool[rng() % pool.size()];
    ASSERT_EQ(ours(s), rapidjson_string(s)) << s;
  }
  EXPECT_EQ(ours("tab\there \"q\" \\ \x01"), "\"tab\\there \\\"q\\\" \\\\ \\u0001\"");
}

// The scan looks at eight bytes at a time: every byte that needs escaping, at every offset of a
// string longer than two words, beside bytes that must pass (0x7f, 0x80-0xff, ' ', '!' and '#'
// next to '"', '[' and ']' next to '\\', 0x20 next to 0x1f).
TEST(JsonText, EscapesAreFoundAtEveryOffsetOfTheWordScan) {
  const std::string passing = "\x7f\x80\xc3\xa9 !#[]~\xff/";
  const std::string escaped = std::string("\"\\\x00\x01\x08\x09\x0a\x0c\x0d\x1f", 10);
  for (char bad : escaped) {
    for (std::size_t at = 0; at < 24; ++at) {
      std::string s;
      while (s.size() < 24) s += passing;
      s.resize(24);
      s[at] = bad;
      ASSERT_EQ(ours(s), rapidjson_string(s)) << "byte " << int(bad) << " at " << at;
    }
  }
  std::string clean;
  while (clean.size() < 64) clean += passing;
  EXPECT_EQ(ours(clean), rapidjson_string(clean));
}

TEST(JsonText, CommasFollowNesting) {
  std::string out;
  JsonText j(out);
  j.begin_object();
  j.member("a", "x");
  j.begin_array("list");
  j.integer(1);
  j.integer(-20);
  j.begin_object();
  j.end_object();
  j.str("s");
  j.end_array();
  j.raw_members("");
  j.raw_members("\"r\":true");
  j.begin_object("o");
  j.raw_members("\"only\":1");
  j.end_object();
  j.end_object();
  EXPECT_EQ(out, R"({"a":"x","list":[1,-20,{},"s"],"r":true,"o":{"only":1}})");
}

TEST(JsonText, InputElementsRenderAsTheTypedWriterDoes) {
  fhir::Reference r;
  r.reference = std::string("Patient/p1");
  r.display = std::string("P \"one\"");
  EXPECT_EQ(render_member("subject", r), R"("subject":{"reference":"Patient/p1","display":"P \"one\""})");
  EXPECT_EQ(render_member("subject", std::optional<fhir::Reference>{}), "");
  std::variant<std::monostate, fhir::DateTime, fhir::Period> when;
  EXPECT_EQ(render_member("effective", when), "");
  when = fhir::DateTime(std::string("2026-03-01"));
  EXPECT_EQ(render_member("effective", when), R"("effectiveDateTime":"2026-03-01")");
}

}  // namespace
}  // namespace sarcoma::core
