// The HTTP client over TLS against a loopback server with certificates made at test time:
// peer verification (system trust store vs ca_file vs verify_peer=false), host-name verification
// (IP addresses and DNS names from subjectAltName), SNI, and keep-alive over TLS.
#include <gtest/gtest.h>

#include <fstream>

#include "adapter/service/fhir_client/fhir_client.hpp"
#include "tests/service/fhir_client/loopback_server.hpp"
#include "tests/service/fhir_client/test_certificate.hpp"
#include "tests/service/temp_dir.hpp"

namespace sarcoma::service {
namespace {

using test::LoopbackServer;
using test::Reply;
using test::SeenRequest;
using test::TestCertificate;

Reply ok_json(const SeenRequest&) {
  Reply r;
  r.body = R"({"resourceType":"Observation","id":"1"})";
  return r;
}

struct HttpClientTls : ::testing::Test {
  test::TempDir dir{"sarcoma-tls"};

  // Writes the certificate where a deployment's upstream.ca_file would point.
  std::string ca_file(const TestCertificate& cert, const std::string& name = "ca.pem") {
    std::string path = dir.file(name);
    std::ofstream(path) << cert.cert_pem;
    return path;
  }
  static FhirClientOptions options(std::string ca = {}) {
    FhirClientOptions o;
    o.http.connect_timeout_ms = 2000;
    o.http.request_timeout_ms = 2000;
    o.http.ca_file = std::move(ca);
    return o;
  }
  static Endpoint https(const std::string& host, int port) { return Endpoint{true, host, port, "/fhir"}; }
};

TEST_F(HttpClientTls, SelfSignedCertificateIsRefusedByTheSystemTrustStore) {
  TestCertificate cert = test::make_self_signed("localhost", "IP:127.0.0.1,DNS:localhost");
  LoopbackServer server(ok_json, &cert);
  FhirClient client(https("127.0.0.1", server.port()), options());
  auto r = client.read("Observation/1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TransportError::Kind::tls) << r.error().message;
  EXPECT_TRUE(server.requests().empty()) << "nothing may be sent to an unverified server";
  EXPECT_EQ(classify(r, 0).http_status, 0);  // retryable: the operator may fix the trust store
}

TEST_F(HttpClientTls, CaFileTrustsTheCertificateByAddressAndByNameWithKeepAlive) {
  TestCertificate cert = test::make_self_signed("localhost", "IP:127.0.0.1,DNS:localhost");
  LoopbackServer server(ok_json, &cert);
  const std::string ca = ca_file(cert);

  FhirClient by_address(https("127.0.0.1", server.port()), options(ca));
  for (int i = 0; i < 3; ++i) {
    auto r = by_address.read("Observation/1");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->body, R"({"resourceType":"Observation","id":"1"})");
  }
  EXPECT_EQ(server.accepted(), 1);  // one handshake for three requests

  FhirClient by_name(https("localhost", server.port()), options(ca));
  auto r = by_name.transaction(R"({"resourceType":"Bundle","type":"transaction"})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(server.accepted(), 2);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[3].method, "POST");
  EXPECT_EQ(seen[3].target, "/fhir");
  EXPECT_EQ(*seen[3].header("host"), "localhost:" + std::to_string(server.port()));
  auto sni = server.sni_names();
  ASSERT_EQ(sni.size(), 2u);
  EXPECT_EQ(sni[1], "localhost");  // SNI: virtual hosts in front of the FHIR server pick the certificate by it
}

TEST_F(HttpClientTls, HostNameMustBeInTheCertificate) {
  // Trusted (ca_file) but issued for the DNS name only: the address 127.0.0.1 is not in it.
  TestCertificate names_only = test::make_self_signed("localhost", "DNS:localhost");
  LoopbackServer server(ok_json, &names_only);
  const std::string ca = ca_file(names_only);

  FhirClient by_name(https("localhost", server.port()), options(ca));
  auto good = by_name.read("Observation/1");
  ASSERT_TRUE(good.ok()) << good.error().message;

  FhirClient by_address(https("127.0.0.1", server.port()), options(ca));
  auto bad = by_address.read("Observation/1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, TransportError::Kind::tls) << bad.error().message;
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(HttpClientTls, CertificateForAnotherHostIsRefused) {
  TestCertificate elsewhere = test::make_self_signed("fhir.elsewhere.test", "DNS:fhir.elsewhere.test,IP:10.9.8.7");
  LoopbackServer server(ok_json, &elsewhere);
  const std::string ca = ca_file(elsewhere);
  for (const char* host : {"localhost", "127.0.0.1"}) {
    FhirClient client(https(host, server.port()), options(ca));
    auto r = client.read("Observation/1");
    ASSERT_FALSE(r.ok()) << host;
    EXPECT_EQ(r.error().kind, TransportError::Kind::tls) << host << ": " << r.error().message;
  }
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(HttpClientTls, AnotherCertificateInTheCaFileDoesNotTrustThisOne) {
  TestCertificate served = test::make_self_signed("localhost", "IP:127.0.0.1,DNS:localhost");
  TestCertificate other = test::make_self_signed("localhost", "IP:127.0.0.1,DNS:localhost");
  LoopbackServer server(ok_json, &served);
  FhirClient client(https("127.0.0.1", server.port()), options(ca_file(other)));
  auto r = client.read("Observation/1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TransportError::Kind::tls) << r.error().message;
}

TEST_F(HttpClientTls, UnreadableCaFileIsATlsErrorBeforeAnythingIsSent) {
  TestCertificate cert = test::make_self_signed("localhost", "IP:127.0.0.1,DNS:localhost");
  LoopbackServer server(ok_json, &cert);
  FhirClient client(https("127.0.0.1", server.port()), options(dir.file("missing.pem")));
  auto r = client.read("Observation/1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TransportError::Kind::tls);
  EXPECT_NE(r.error().message.find("CA"), std::string::npos) << r.error().message;
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(HttpClientTls, VerifyPeerOffAcceptsAnyCertificate) {
  TestCertificate elsewhere = test::make_self_signed("fhir.elsewhere.test", "DNS:fhir.elsewhere.test");
  LoopbackServer server(ok_json, &elsewhere);
  FhirClientOptions o = options();
  o.http.verify_peer = false;
  FhirClient client(https("127.0.0.1", server.port()), o);
  auto r = client.read("Observation/1");
  ASSERT_TRUE(r.ok()) << r.error().message;
}

TEST_F(HttpClientTls, PlainHttpToATlsPortFailsWithinTheDeadline) {
  TestCertificate cert = test::make_self_signed("localhost", "IP:127.0.0.1,DNS:localhost");
  LoopbackServer server(ok_json, &cert);
  FhirClientOptions o = options();
  o.http.request_timeout_ms = 500;
  FhirClient client(Endpoint{false, "127.0.0.1", server.port(), "/fhir"}, o);
  auto r = client.read("Observation/1");
  ASSERT_FALSE(r.ok());  // the server drops the non-TLS bytes (or the deadline passes)
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace sarcoma::service
