#include "adapter/core/extract/extract.hpp"

#include <string>

#include "adapter/core/extract/coded.hpp"
#include "adapter/core/extract/collector.hpp"
#include "adapter/core/extract/html_text.hpp"
#include "adapter/core/extract/tokens.hpp"
#include "fhir/base64.hpp"

namespace sarcoma::core {
namespace {

fhir::Issue issue(fhir::Severity severity, const char* code, std::string diagnostics,
                  std::string expression) {
  fhir::Issue i;
  i.severity = severity;
  i.code = code;
  i.diagnostics = std::move(diagnostics);
  i.expression = std::move(expression);
  return i;
}

// "text/html; charset=utf-8" -> "text/html"
std::string media_type(const fhir::Code& content_type) {
  std::string t = content_type.value.value_or("");
  auto semi = t.find(';');
  if (semi != std::string::npos) t.resize(semi);
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (auto& ch : t) ch = extraction::lower_ascii(ch);
  return t;
}

void presented_forms(const fhir::ResolvedReport& report, const mappings::Rules& rules,
                     extraction::Collector& out) {
  const auto& forms = report.report->presentedForm;
  for (std::size_t i = 0; i < forms.size(); ++i) {
    std::string el = "presentedForm[" + std::to_string(i) + "]";
    std::string expr = report.path + "." + el;
    DecodedForm form = decode_presented_form(forms[i]);
    switch (form.status) {
      case DecodedForm::Status::by_url:
        out.issues().push_back(issue(fhir::Severity::information, "not-supported",
                                     "presentedForm by url is not fetched", expr + ".url"));
        break;
      case DecodedForm::Status::unsupported_type:
        out.issues().push_back(issue(fhir::Severity::information, "not-supported",
                                     "presentedForm content type not read: " + form.content_type,
                                     expr + ".contentType"));
        break;
      case DecodedForm::Status::bad_base64:
        out.issues().push_back(
            issue(fhir::Severity::warning, "value", "presentedForm data is not valid base64", expr + ".data"));
        break;
      case DecodedForm::Status::text:
        out.add(scan_narrative(form.text, rules), report.reference, "DiagnosticReport." + el + ".data");
        break;
      case DecodedForm::Status::empty: break;
    }
  }
}

}  // namespace

DecodedForm decode_presented_form(const fhir::Attachment& a) {
  DecodedForm out;
  out.content_type = media_type(a.contentType);
  if (!a.data.value) {
    out.status = a.url.value ? DecodedForm::Status::by_url : DecodedForm::Status::empty;
    return out;
  }
  const std::string& type = out.content_type;
  if (!type.empty() && type != "text/plain" && type != "text/html" && type != "application/xhtml+xml") {
    out.status = DecodedForm::Status::unsupported_type;
    return out;
  }
  auto bytes = fhir::base64_decode(*a.data.value);
  if (!bytes) {
    out.status = DecodedForm::Status::bad_base64;
    return out;
  }
  bool html = type == "text/html" || type == "application/xhtml+xml" ||
              (type.empty() && extraction::looks_like_html(*bytes));
  out.text = html ? extraction::html_to_text(*bytes) : std::move(*bytes);
  out.status = DecodedForm::Status::text;
  return out;
}

std::optional<std::string> narrative_text(const fhir::ResolvedReport& report, std::string_view path) {
  if (report.report == nullptr) return std::nullopt;
  if (path == "DiagnosticReport.conclusion") return report.report->conclusion.value;
  constexpr std::string_view kForm = "DiagnosticReport.presentedForm[";
  constexpr std::string_view kData = "].data";
  if (path.substr(0, kForm.size()) != kForm || path.size() <= kForm.size() + kData.size() ||
      path.substr(path.size() - kData.size()) != kData) {
    return std::nullopt;
  }
  std::string_view digits = path.substr(kForm.size(), path.size() - kForm.size() - kData.size());
  std::size_t index = 0;
  if (digits.empty() || digits.size() > 6) return std::nullopt;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return std::nullopt;
    index = index * 10 + static_cast<std::size_t>(ch - '0');
  }
  if (index >= report.report->presentedForm.size()) return std::nullopt;
  DecodedForm form = decode_presented_form(report.report->presentedForm[index]);
  if (form.status != DecodedForm::Status::text) return std::nullopt;
  return std::move(form.text);
}

ReportFacts extract(const fhir::ResolvedReport& report, const mappings::Rules& rules,
                    const ExtractOptions& options) {
  extraction::Collector out;
  for (const auto& i : report.issues) out.issues().push_back(i);
  if (report.report == nullptr) return std::move(out).finish(report.reference, rules);
  if (options.coded) extraction::extract_coded(report, rules, options.elements, out);
  if (options.narrative) {
    presented_forms(report, rules, out);
    if (report.report->conclusion.value) {
      out.add(scan_narrative(*report.report->conclusion.value, rules), report.reference,
              "DiagnosticReport.conclusion");
    }
  }
  return std::move(out).finish(report.reference, rules);
}

Result<std::vector<ReportFacts>, fhir::Issues> extract_all(const fhir::Resource& root,
                                                           const mappings::Rules& rules,
                                                           const ExtractOptions& options) {
  auto resolved = fhir::resolve_reports(root);
  if (!resolved.ok()) return fail(std::move(resolved).error());
  std::vector<ReportFacts> out;
  out.reserve(resolved->size());
  for (const auto& r : *resolved) out.push_back(extract(r, rules, options));
  return out;
}

}  // namespace sarcoma::core
