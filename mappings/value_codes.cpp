#include "mappings/value_codes.hpp"

#include "fhir/rapidjson.hpp"
#include "mappings/table_file.hpp"

namespace sarcoma::mappings {
namespace {

const std::vector<StandardCoding>& none() {
  static const std::vector<StandardCoding> empty;
  return empty;
}

fhir::Issue issue(const std::string& file, const std::string& where, const std::string& what) {
  return fhir::Issue{fhir::Severity::error, "invalid", file + ": " + where + ": " + what, where, {}, {}, {}};
}

std::string text(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

// [{"system", "code", "display"}, ...]; system and code are required.
std::vector<StandardCoding> codings(const rapidjson::Value& list, const std::string& file,
                                    const std::string& where, fhir::Issues& issues) {
  std::vector<StandardCoding> out;
  if (!list.IsArray()) {
    issues.push_back(issue(file, where, "not an array of codings"));
    return out;
  }
  int i = 0;
  for (const auto& c : list.GetArray()) {
    std::string at = where + "[" + std::to_string(i++) + "]";
    if (!c.IsObject()) {
      issues.push_back(issue(file, at, "not an object"));
      continue;
    }
    StandardCoding sc{text(c, "system"), text(c, "code"), text(c, "display")};
    if (sc.system.empty() || sc.code.empty()) {
      issues.push_back(issue(file, at, "system and code are required"));
      continue;
    }
    sc.json = coding_json(sc.system, sc.code, sc.display);
    out.push_back(std::move(sc));
  }
  return out;
}

void read_map(const rapidjson::Value& doc, const char* key,
              std::map<std::string, std::vector<StandardCoding>, std::less<>>& out, const std::string& file,
              fhir::Issues& issues) {
  auto it = doc.FindMember(key);
  if (it == doc.MemberEnd()) return;
  if (!it->value.IsObject()) {
    issues.push_back(issue(file, key, "not an object"));
    return;
  }
  for (const auto& m : it->value.GetObject()) {
    std::string name(m.name.GetString(), m.name.GetStringLength());
    out[name] = codings(m.value, file, std::string(key) + "." + name, issues);
  }
}

}  // namespace

std::string coding_json(std::string_view system, std::string_view code, std::string_view display) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  auto member = [&](const char* key, std::string_view value) {
    writer.Key(key);
    writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  writer.StartObject();
  member("system", system);
  member("code", code);
  if (!display.empty()) member("display", display);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

const std::vector<StandardCoding>& ValueCodes::observation_code(std::string_view kind) const {
  auto it = observation_codes.find(kind);
  return it == observation_codes.end() ? none() : it->second;
}

const std::vector<StandardCoding>& ValueCodes::method(std::string_view name) const {
  auto it = methods.find(name);
  return it == methods.end() ? none() : it->second;
}

const std::vector<StandardCoding>& ValueCodes::value(std::string_view kind, std::string_view label) const {
  auto k = values.find(kind);
  if (k == values.end()) return none();
  auto v = k->second.find(label);
  return v == k->second.end() ? none() : v->second;
}

Result<ValueCodes, fhir::Issues> parse_value_codes(std::string_view json, const std::string& file) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError() || !d.IsObject())
    return fail(fhir::Issues{issue(file, "(root)", "not a JSON object")});
  ValueCodes vc;
  fhir::Issues issues;
  vc.version = text(d, "version");
  if (vc.version.empty()) issues.push_back(issue(file, "version", "missing"));
  read_map(d, "observation_codes", vc.observation_codes, file, issues);
  read_map(d, "methods", vc.methods, file, issues);
  auto values = d.FindMember("values");
  if (values != d.MemberEnd() && values->value.IsObject()) {
    for (const auto& kind : values->value.GetObject()) {
      std::string k(kind.name.GetString(), kind.name.GetStringLength());
      if (!kind.value.IsObject()) {
        issues.push_back(issue(file, "values." + k, "not an object"));
        continue;
      }
      auto& labels = vc.values[k];
      for (const auto& label : kind.value.GetObject()) {
        std::string l(label.name.GetString(), label.name.GetStringLength());
        labels[l] = codings(label.value, file, "values." + k + "." + l, issues);
      }
    }
  }
  for (const char* required : {"grade", "t", "n", "m", "stage_group"}) {
    if (vc.observation_code(required).empty())
      issues.push_back(issue(file, std::string("observation_codes.") + required, "missing"));
  }
  if (!issues.empty()) return fail(std::move(issues));
  return vc;
}

Result<ValueCodes, fhir::Issues> load_value_codes(const std::string& path) {
  auto text_or = read_table_file(path);
  if (!text_or.ok()) return fail(std::move(text_or).error());
  return parse_value_codes(*text_or, path);
}

}  // namespace sarcoma::mappings
