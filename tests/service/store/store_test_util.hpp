#pragma once
// Shared by the store tests: a store in a fresh directory with predictable server ids, and JSON
// helpers for asserting on responses.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "adapter/service/store/sqlite_fhir_store.hpp"
#include "fhir/rapidjson.hpp"
#include "tests/service/temp_dir.hpp"

namespace sarcoma::service::store::test {

inline constexpr Millis kT0 = 1'714'566'896'789;  // 2024-05-01T12:34:56.789Z

inline std::unique_ptr<SqliteFhirStore> open_store(const std::string& path,
                                                   std::shared_ptr<int> counter = nullptr) {
  if (!counter) counter = std::make_shared<int>(0);
  SqliteStoreOptions o;
  o.new_id = [counter] { return "id" + std::to_string(++*counter); };
  auto s = SqliteFhirStore::open(path, o);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error());
  return s.ok() ? std::move(s).value() : nullptr;
}

inline rapidjson::Document json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}

inline std::string str(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject() || !v.HasMember(key) || !v[key].IsString()) return "<missing " + std::string(key) + ">";
  return v[key].GetString();
}

inline std::string first_issue_expression(const fhir::Issues& issues) {
  return issues.empty() ? std::string() : issues.front().expression;
}

inline std::string task(const std::string& system, const std::string& value,
                        const std::string& status = "requested", const std::string& extra = "") {
  return R"({"resourceType":"Task","identifier":[{"system":")" + system + R"(","value":")" + value +
         R"("}],"status":")" + status + R"(","intent":"order")" + extra + "}";
}

}  // namespace sarcoma::service::store::test
