#include "adapter/service/transaction_chunks.hpp"

#include "fhir/rapidjson.hpp"

namespace sarcoma::service {
namespace {

std::string serialise(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

// Rewrites every {"reference": "<urn>"} whose urn is resolved.
void rewrite(rapidjson::Value& v, const std::map<std::string, std::string>& resolved, rapidjson::Document::AllocatorType& a) {
  if (v.IsObject()) {
    for (auto& m : v.GetObject()) {
      if (std::string_view(m.name.GetString()) == "reference" && m.value.IsString()) {
        auto it = resolved.find(m.value.GetString());
        if (it != resolved.end()) m.value.SetString(it->second.c_str(), a);
      } else {
        rewrite(m.value, resolved, a);
      }
    }
  } else if (v.IsArray()) {
    for (auto& e : v.GetArray()) rewrite(e, resolved, a);
  }
}

}  // namespace

Result<TransactionChunks, std::string> TransactionChunks::split(const std::string& json, std::size_t max_entries) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError() || !d.IsObject()) return fail(std::string("not JSON"));
  auto type = d.FindMember("type");
  if (type == d.MemberEnd() || !type->value.IsString() || std::string_view(type->value.GetString()) != "transaction")
    return fail(std::string("not a transaction Bundle"));
  TransactionChunks out;
  auto entries = d.FindMember("entry");
  if (entries == d.MemberEnd() || !entries->value.IsArray()) return out;
  std::size_t per = max_entries == 0 ? entries->value.Size() : max_entries;
  for (const auto& e : entries->value.GetArray()) {
    if (out.chunks_.empty() || out.chunks_.back().size() >= per) {
      out.chunks_.emplace_back();
      out.full_urls_.emplace_back();
    }
    out.chunks_.back().push_back(serialise(e));
    auto fu = e.FindMember("fullUrl");
    out.full_urls_.back().push_back(fu != e.MemberEnd() && fu->value.IsString() ? fu->value.GetString() : "");
  }
  return out;
}

std::string TransactionChunks::chunk(std::size_t i) const {
  rapidjson::Document d;
  d.SetObject();
  auto& a = d.GetAllocator();
  d.AddMember("resourceType", "Bundle", a);
  d.AddMember("type", "transaction", a);
  rapidjson::Value entries(rapidjson::kArrayType);
  for (const auto& text : chunks_.at(i)) {
    rapidjson::Document e(&a);
    e.Parse(text.c_str(), text.size());
    rewrite(e, resolved_, a);
    entries.PushBack(rapidjson::Value(e, a), a);
  }
  d.AddMember("entry", entries, a);
  return serialise(d);
}

Result<bool, std::string> TransactionChunks::record_response(std::size_t i, const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  auto entries = d.IsObject() ? d.FindMember("entry") : d.MemberEnd();
  if (d.HasParseError() || !d.IsObject() || entries == d.MemberEnd() || !entries->value.IsArray() ||
      entries->value.Size() != chunks_.at(i).size()) {
    return fail(std::string("transaction-response does not match the request"));
  }
  for (rapidjson::SizeType k = 0; k < entries->value.Size(); ++k) {
    const auto& e = entries->value[k];
    auto response = e.FindMember("response");
    if (response == e.MemberEnd() || !response->value.IsObject()) return fail(std::string("entry without response"));
    auto location = response->value.FindMember("location");
    if (location == response->value.MemberEnd() || !location->value.IsString())
      return fail(std::string("entry response without location"));
    // "Observation/123/_history/2" or an absolute URL -> "Observation/123".
    std::string loc = location->value.GetString();
    if (auto h = loc.find("/_history/"); h != std::string::npos) loc.resize(h);
    auto last = loc.rfind('/');
    auto before = last == std::string::npos || last == 0 ? std::string::npos : loc.rfind('/', last - 1);
    if (before != std::string::npos) loc = loc.substr(before + 1);
    const std::string& full = full_urls_[i][k];
    if (!full.empty()) resolved_[full] = loc;
  }
  return true;
}

}  // namespace sarcoma::service
