#pragma once
// Small hand-written R4 resources, every element in spec order so that
// to_json(parse_json(x)) must equal x with insignificant whitespace removed.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>

namespace sarcoma::fhir::test {

inline constexpr std::string_view kDiagnosticReport = R"({
  "resourceType": "DiagnosticReport",
  "id": "dr1",
  "meta": {"lastUpdated": "2024-05-01T10:00:00Z", "profile": ["http://example.org/StructureDefinition/path-report"]},
  "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Leiomyosarcoma, <b>grade 2</b> &amp; 6.5 cm</p></div>"},
  "contained": [
    {"resourceType": "Observation", "id": "size", "status": "final",
     "code": {"coding": [{"system": "http://loinc.org", "code": "21889-1", "display": "Size Tumor"}]},
     "valueQuantity": {"value": 6.50, "unit": "cm", "system": "http://unitsofmeasure.org", "code": "cm"}}
  ],
  "extension": [{"url": "http://example.org/ext", "valueBoolean": true}],
  "identifier": [{"system": "urn:oid:1.2.3", "value": "S24-123"}],
  "status": "final",
  "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "SP"}]}],
  "code": {"coding": [{"system": "http://loinc.org", "code": "60568-3"}], "text": "Pathology synoptic report"},
  "subject": {"reference": "Patient/p1", "display": "Test Patient"},
  "effectiveDateTime": "2024-04-30",
  "issued": "2024-05-01T10:00:00.000+02:00",
  "specimen": [{"reference": "Specimen/s1"}],
  "result": [{"reference": "#size"}],
  "conclusion": "Leiomyosarcoma",
  "conclusionCode": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/icd-o-3", "code": "8890/3"}]}],
  "presentedForm": [{"contentType": "text/plain", "language": "en", "data": "TGVpb215b3NhcmNvbWEsIDYuNSBjbQ==",
                     "size": 22, "title": "Report", "creation": "2024-05-01"}]
})";

inline constexpr std::string_view kObservation = R"({
  "resourceType": "Observation",
  "id": "grade",
  "identifier": [{"use": "official", "type": {"text": "accession"}, "system": "urn:oid:1.2.3", "value": "O-1",
                  "period": {"start": "2024-01-01"}, "assigner": {"display": "Lab"}}],
  "basedOn": [{"reference": "ServiceRequest/sr1"}],
  "partOf": [{"reference": "Procedure/pr1"}],
  "status": "final",
  "_status": {"id": "st", "extension": [{"url": "http://example.org/why", "valueString": "signed out"}]},
  "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
  "code": {"coding": [{"system": "http://loinc.org", "code": "33732-9", "userSelected": false}]},
  "subject": {"reference": "Patient/p1", "type": "Patient", "identifier": {"system": "urn:mrn", "value": "123"}},
  "focus": [{"reference": "Specimen/s1"}],
  "encounter": {"reference": "Encounter/e1"},
  "effectivePeriod": {"start": "2024-04-30T08:00:00Z", "end": "2024-04-30T09:00:00Z"},
  "issued": "2024-05-01T10:00:00Z",
  "performer": [{"reference": "Practitioner/pa1"}],
  "valueCodeableConcept": {"coding": [{"system": "http://example.org/fnclcc", "code": "G2"}], "text": "G2"},
  "interpretation": [{"text": "intermediate"}],
  "note": [{"authorString": "Dr. Path", "time": "2024-05-01", "text": "FNCLCC *total* 5"}],
  "bodySite": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/icd-o-3", "code": "C49.2"}]},
  "method": {"coding": [{"system": "http://snomed.info/sct", "code": "426757001"}]},
  "specimen": {"reference": "Specimen/s1"},
  "device": {"display": "microscope"},
  "referenceRange": [{"low": {"value": 0}, "high": {"value": 1e2}, "text": "0-100"}],
  "hasMember": [{"reference": "Observation/mitoses"}],
  "derivedFrom": [{"reference": "Observation/size"}],
  "component": [
    {"modifierExtension": [{"url": "http://example.org/mod", "valueCode": "x"}],
     "code": {"text": "differentiation"}, "valueInteger": -2147483648},
    {"code": {"text": "mitoses"}, "valueQuantity": {"value": 12, "comparator": ">=", "unit": "/10 HPF"}},
    {"code": {"text": "necrosis"}, "valueString": "absent", "interpretation": [{"text": "n"}]},
    {"code": {"text": "margin"}, "valueBoolean": false},
    {"code": {"text": "range"}, "valueRange": {"low": {"value": 1.0}, "high": {"value": 2.50}}},
    {"code": {"text": "ratio"}, "valueRatio": {"numerator": {"value": 1}, "denominator": {"value": 10}}},
    {"code": {"text": "when"}, "valueDateTime": "2024-04-30T08:00:00+01:00"},
    {"code": {"text": "period"}, "valuePeriod": {"start": "2024-04-30"}},
    {"code": {"text": "time"}, "valueTime": "08:15:00"},
    {"code": {"text": "missing"}, "dataAbsentReason": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason", "code": "unknown"}]}}
  ]
})";

inline constexpr std::string_view kBundle = R"({
  "resourceType": "Bundle",
  "id": "b1",
  "meta": {"versionId": "3", "tag": [{"code": "t"}]},
  "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"},
  "type": "transaction-response",
  "timestamp": "2024-05-01T10:00:00Z",
  "total": 2,
  "link": [{"relation": "self", "url": "http://example.org/fhir/Bundle/b1"}],
  "entry": [
    {"link": [{"relation": "alternate", "url": "http://example.org/alt"}],
     "fullUrl": "http://example.org/fhir/Observation/o1",
     "resource": {"resourceType": "Observation", "id": "o1", "status": "final", "code": {"text": "x"}},
     "search": {"mode": "match", "score": 0.80},
     "request": {"method": "PUT", "url": "Observation?identifier=urn:x|1", "ifNoneMatch": "*",
                 "ifModifiedSince": "2024-05-01T10:00:00Z", "ifMatch": "W/\"2\"", "ifNoneExist": "identifier=urn:x|1"},
     "response": {"status": "201 Created", "location": "Observation/o1/_history/1", "etag": "W/\"1\"",
                  "lastModified": "2024-05-01T10:00:00Z",
                  "outcome": {"resourceType": "OperationOutcome", "issue": [{"severity": "information", "code": "informational"}]}}},
    {"fullUrl": "urn:uuid:2b1c2f56-4d0e-4b8a-9a7c-6c1b4d1e2f3a",
     "resource": {"resourceType": "Specimen", "id": "s1", "status": "available"}}
  ]
})";

inline constexpr std::string_view kTask = R"({
  "resourceType": "Task",
  "id": "t1",
  "identifier": [{"system": "https://sarcoma-adapter.dev/id", "value": "review-1"}],
  "instantiatesUri": "http://example.org/protocol",
  "basedOn": [{"reference": "ServiceRequest/sr1"}],
  "groupIdentifier": {"value": "g1"},
  "status": "requested",
  "statusReason": {"text": "new"},
  "businessStatus": {"text": "waiting"},
  "intent": "order",
  "priority": "urgent",
  "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "approve"}]},
  "description": "Expert sarcoma review",
  "focus": {"reference": "DiagnosticReport/dr1"},
  "for": {"reference": "Patient/p1"},
  "executionPeriod": {"start": "2024-05-01"},
  "authoredOn": "2024-05-01T10:00:00Z",
  "lastModified": "2024-05-01T10:00:00Z",
  "requester": {"display": "sarcoma-adapter"},
  "performerType": [{"text": "pathologist"}],
  "owner": {"reference": "Organization/expert"},
  "reasonCode": {"text": "sarcoma-diagnosis"},
  "note": [{"authorReference": {"reference": "Device/adapter"}, "text": "auto"}],
  "restriction": {"repetitions": 1, "recipient": [{"reference": "Practitioner/x"}]},
  "input": [
    {"type": {"text": "review-reason"}, "valueCodeableConcept": {"coding": [{"system": "https://sarcoma-adapter.dev/fhir/CodeSystem/review-reason", "code": "boundary-value"}]}},
    {"type": {"text": "derived"}, "valueReference": {"reference": "Observation/grade"}},
    {"type": {"text": "s"}, "valueString": "text"},
    {"type": {"text": "b"}, "valueBoolean": true},
    {"type": {"text": "i"}, "valueInteger": 42},
    {"type": {"text": "d"}, "valueDecimal": 0.10}
  ],
  "output": [{"type": {"text": "result"}, "valueAttachment": {"contentType": "text/plain", "data": "AA=="}}]
})";

inline constexpr std::string_view kProvenance = R"({
  "resourceType": "Provenance",
  "id": "pv1",
  "target": [{"reference": "Observation/grade"}, {"reference": "Task/t1"}],
  "occurredDateTime": "2024-05-01T10:00:00Z",
  "recorded": "2024-05-01T10:00:01.123Z",
  "policy": ["http://example.org/policy"],
  "reason": [{"text": "derivation"}],
  "activity": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-DataOperation", "code": "DERIVE"}]},
  "agent": [{"type": {"text": "assembler"}, "role": [{"text": "software"}], "who": {"display": "sarcoma-adapter 0.1.0"},
             "onBehalfOf": {"reference": "Organization/lab"}}],
  "entity": [{"role": "source", "what": {"reference": "DiagnosticReport/dr1"}}]
})";

inline constexpr std::string_view kOperationOutcome = R"({
  "resourceType": "OperationOutcome",
  "id": "oo1",
  "issue": [{"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line", "valueInteger": 3}],
             "severity": "error", "code": "structure", "details": {"text": "bad"}, "diagnostics": "unknown element",
             "location": ["/f:Observation/f:foo"], "expression": ["Observation.foo", "Observation"]}]
})";

inline constexpr std::string_view kParameters = R"({
  "resourceType": "Parameters",
  "id": "par1",
  "parameter": [
    {"name": "mode", "valueCode": "sync"},
    {"name": "report", "resource": {"resourceType": "Patient", "id": "p1", "active": true}},
    {"name": "limits", "part": [{"name": "max", "valuePositiveInt": 5}, {"name": "since", "valueInstant": "2024-05-01T10:00:00Z"},
                                {"name": "q", "valueQuantity": {"value": 5.0, "unit": "cm"}}]}
  ]
})";

inline constexpr std::string_view kPatient = R"({
  "resourceType": "Patient",
  "id": "p1",
  "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "HTEST"}]},
  "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Test <i>patient</i></div>"},
  "identifier": [{"system": "urn:mrn", "value": "123"}],
  "active": true,
  "name": [{"use": "official", "family": "Test", "given": ["Ann", null, "Lee"],
            "_given": [null, {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "masked"}]}, {"id": "g3"}]}],
  "gender": "female",
  "birthDate": "1970-01-01",
  "managingOrganization": {"reference": "Organization/lab"}
})";

inline constexpr std::string_view kSpecimen = R"({
  "resourceType": "Specimen",
  "id": "s1",
  "identifier": [{"value": "S24-123-A"}],
  "accessionIdentifier": {"value": "S24-123"},
  "status": "available",
  "type": {"text": "resection"},
  "subject": {"reference": "Patient/p1"},
  "receivedTime": "2024-04-30T07:00:00Z",
  "parent": [{"reference": "Specimen/s0"}],
  "request": [{"reference": "ServiceRequest/sr1"}],
  "note": [{"text": "formalin"}]
})";

// The same Observation as kXmlObservation's content, in compact XML as to_xml writes it.
inline constexpr std::string_view kXmlObservation =
    R"(<Observation xmlns="http://hl7.org/fhir"><id value="x1"/>)"
    R"(<text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>Size: <b>6.50</b> cm</p></div></text>)"
    R"(<status id="s" value="final"><extension url="http://example.org/e"><valueString value="a &amp; b &lt;c&gt; &quot;q&quot;"/></extension></status>)"
    R"(<code><coding><system value="http://loinc.org"/><code value="21889-1"/></coding></code>)"
    R"(<valueQuantity id="q"><value value="6.50"/><unit value="cm"/></valueQuantity>)"
    R"(<hasMember><reference value="Observation/m1"/></hasMember><hasMember><reference value="Observation/m2"/></hasMember>)"
    R"(<component><code><text value="c"/></code><valueBoolean value="true"/></component>)"
    R"(</Observation>)";

struct Sample {
  const char* name;
  std::string_view json;
};

// Every JSON sample above, one per modelled resource type (for parameterised tests).
inline constexpr std::array<Sample, 9> kAllSamples{{{"DiagnosticReport", kDiagnosticReport},
                                                    {"Observation", kObservation},
                                                    {"Bundle", kBundle},
                                                    {"Task", kTask},
                                                    {"Provenance", kProvenance},
                                                    {"OperationOutcome", kOperationOutcome},
                                                    {"Parameters", kParameters},
                                                    {"Patient", kPatient},
                                                    {"Specimen", kSpecimen}}};

inline std::string sample_name(const ::testing::TestParamInfo<Sample>& info) {
  return info.param.name;
}

}  // namespace sarcoma::fhir::test
