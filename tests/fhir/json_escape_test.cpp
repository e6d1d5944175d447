// Every control character in a string is escaped in the JSON the codec writes, wherever it stands:
// after multi-byte UTF-8 characters and at every alignment (RapidJSON 1.1.0's SSE2 writer, which
// the build leaves off, wrote some of them raw - invalid JSON), and the text parses back equal.
#include <gtest/gtest.h>

#include "fhir/json_codec.hpp"
#include "fhir/model.hpp"

namespace sarcoma::fhir {
namespace {

TEST(JsonEscape, ControlCharactersAreEscapedAtEveryAlignment) {
  const std::string tail =
      "\xF0\x9F\x94\xAC"
      "a\x1F"
      "b\xC3\xA9\x01\"\\\n";
  for (int pad = 0; pad < 40; ++pad) {
    Observation o;
    o.status = std::string("final");
    CodeableConcept code;
    code.text = std::string(static_cast<std::size_t>(pad), 'x') + tail;
    o.code = code;
    std::string json = to_json(Resource(o));
    for (char c : json) {
      ASSERT_GE(static_cast<unsigned char>(c), 0x20) << "raw control byte at pad " << pad << ": " << json;
    }
    auto back = parse_json(json);
    ASSERT_TRUE(back.ok()) << json;
    const auto* read = get_if<Observation>(back->resource);
    ASSERT_NE(read, nullptr);
    EXPECT_EQ(*read->code->text, *code.text) << "pad " << pad;
  }
}

// The reading side: a raw control byte (0x01-0x1F) inside a string is invalid JSON and is refused,
// at every alignment, in an element of a known resource and in the verbatim text of an unknown one
// (which would otherwise be written back as it came). RapidJSON 1.1.0's SSE2 reader, also left
// off, let 0x1A-0x1F through (found by fuzz_json).
TEST(JsonEscape, RawControlBytesInStringsAreRefused) {
  for (int c = 1; c < 0x20; ++c) {
    for (int pad = 0; pad < 20; ++pad) {
      std::string raw = std::string(static_cast<std::size_t>(pad), 'x') + static_cast<char>(c) + "y";
      std::string known =
          R"({"resourceType":"Observation","status":"final","code":{"text":")" + raw + R"("}})";
      std::string unknown = R"({"resourceType":"Bundle","type":"collection","entry":[{"resource":)"
                            R"({"resourceType":"Observatin","id":"a",")" +
                            raw + R"(":1}}]})";
      EXPECT_FALSE(parse_json(known).ok()) << "byte " << c << " pad " << pad;
      EXPECT_FALSE(parse_json(unknown).ok()) << "byte " << c << " pad " << pad;
    }
  }
}

}  // namespace
}  // namespace sarcoma::fhir
