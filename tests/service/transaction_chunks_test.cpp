// Splitting a derived transaction for servers that cap transaction size: order kept, chunks of at
// most N entries, references into earlier chunks rewritten to the ids the server reported.
#include <gtest/gtest.h>

#include "adapter/service/transaction_chunks.hpp"
#include "fhir/rapidjson.hpp"

namespace sarcoma::service {
namespace {

std::string bundle(int observations) {
  std::string s = R"({"resourceType":"Bundle","type":"transaction","entry":[)";
  std::string task_inputs;
  for (int i = 0; i < observations; ++i) {
    s += R"({"fullUrl":"urn:uuid:o)" + std::to_string(i) +
         R"(","resource":{"resourceType":"Observation"},"request":{"method":"PUT","url":"Observation?identifier=s|)" +
         std::to_string(i) + R"("}},)";
    task_inputs += std::string(i ? "," : "") + R"({"valueReference":{"reference":"urn:uuid:o)" + std::to_string(i) + R"("}})";
  }
  s += R"({"fullUrl":"urn:uuid:t","resource":{"resourceType":"Task","input":[)" + task_inputs +
       R"(]},"request":{"method":"PUT","url":"Task?identifier=s|t"}}]})";
  return s;
}

std::string response_for(const std::string& chunk_json, int first_id) {
  rapidjson::Document d;
  d.Parse(chunk_json.data(), chunk_json.size());
  std::string s = R"({"resourceType":"Bundle","type":"transaction-response","entry":[)";
  for (rapidjson::SizeType i = 0; i < d["entry"].Size(); ++i) {
    std::string type = d["entry"][i]["resource"]["resourceType"].GetString();
    s += std::string(i ? "," : "") + R"({"response":{"status":"201","location":")" + type + "/" +
         std::to_string(first_id + static_cast<int>(i)) + R"(/_history/1"}})";
  }
  return s + "]}";
}

TEST(TransactionChunks, SmallBundlesStayWhole) {
  auto c = TransactionChunks::split(bundle(5), 8);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->size(), 1u);
  auto none = TransactionChunks::split(bundle(5), 0);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->size(), 1u);
}

TEST(TransactionChunks, LargeBundlesAreSplitAndLaterChunksReferenceAssignedIds) {
  auto c = TransactionChunks::split(bundle(10), 8);  // 10 Observations + Task = 11 entries
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->size(), 2u);
  std::string first = c->chunk(0);
  rapidjson::Document d0;
  d0.Parse(first.data(), first.size());
  EXPECT_EQ(d0["entry"].Size(), 8u);
  EXPECT_EQ(std::string(d0["type"].GetString()), "transaction");
  ASSERT_TRUE(c->record_response(0, response_for(first, 100)).ok());
  std::string second = c->chunk(1);
  rapidjson::Document d1;
  d1.Parse(second.data(), second.size());
  ASSERT_EQ(d1["entry"].Size(), 3u);
  const auto& inputs = d1["entry"][2]["resource"]["input"];
  // o0..o7 were written in the first chunk as Observation/100..107; o8, o9 are in this chunk.
  EXPECT_EQ(std::string(inputs[0]["valueReference"]["reference"].GetString()), "Observation/100");
  EXPECT_EQ(std::string(inputs[7]["valueReference"]["reference"].GetString()), "Observation/107");
  EXPECT_EQ(std::string(inputs[8]["valueReference"]["reference"].GetString()), "urn:uuid:o8");
  EXPECT_EQ(std::string(inputs[9]["valueReference"]["reference"].GetString()), "urn:uuid:o9");
}

TEST(TransactionChunks, MismatchedResponsesAndNonTransactionsAreRefused) {
  auto c = TransactionChunks::split(bundle(10), 8);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->record_response(0, R"({"resourceType":"Bundle","entry":[]})").ok());
  EXPECT_FALSE(c->record_response(0, "not json").ok());
  EXPECT_FALSE(TransactionChunks::split(R"({"resourceType":"Bundle","type":"batch"})", 8).ok());
}

}  // namespace
}  // namespace sarcoma::service
