#pragma once
// A throwaway self-signed certificate made in memory with OpenSSL's C API, so the TLS tests need
// no files in the repository and no openssl CLI. EC P-256 keeps generation to a millisecond or so.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace sarcoma::service::test {

struct TestCertificate {
  std::string cert_pem;
  std::string key_pem;
};

namespace detail {

template <class T, void (*Free)(T*)>
struct OpenSslFree {
  void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)>
using OpenSslPtr = std::unique_ptr<T, OpenSslFree<T, Free>>;

inline std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

inline void add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  OpenSslPtr<X509_EXTENSION, X509_EXTENSION_free> ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) throw std::runtime_error(std::string("extension ") + value);
}

}  // namespace detail

// `subject_alt_names` in OpenSSL's config syntax, e.g. "IP:127.0.0.1,DNS:localhost". Valid from a
// minute ago for an hour; CA:TRUE so the certificate can be its own trust anchor (ca_file).
inline TestCertificate make_self_signed(const std::string& common_name, const std::string& subject_alt_names) {
  using namespace detail;
  OpenSslPtr<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
  OpenSslPtr<X509, X509_free> cert(X509_new());
  if (!key || !cert) throw std::runtime_error("cannot create key or certificate");
  X509_set_version(cert.get(), 2);  // v3: extensions
  unsigned char serial[8];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;  // positive
  OpenSslPtr<BIGNUM, BN_free> bn(BN_bin2bn(serial, sizeof serial, nullptr));
  BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                             -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert.get(), NID_subject_key_identifier, "hash");
  add_extension(cert.get(), NID_subject_alt_name, subject_alt_names.c_str());
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) throw std::runtime_error("cannot sign certificate");

  OpenSslPtr<BIO, BIO_free_all> cert_bio(BIO_new(BIO_s_mem()));
  OpenSslPtr<BIO, BIO_free_all> key_bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw std::runtime_error("cannot write PEM");
  }
  return {bio_text(cert_bio.get()), bio_text(key_bio.get())};
}

}  // namespace sarcoma::service::test
