#pragma once

// Shared by the crypto.* and io.jwt.* builtins: OpenSSL handles with owners, PEM blocks as
// Go's encoding/pem reads them, and Go's JSON shapes for keys and certificates.

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rego/value/value.h"

namespace mg::rego::builtins {

struct OpenSslFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_REQ* p) const { X509_REQ_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, OpenSslFree>;
using Cert = std::unique_ptr<X509, OpenSslFree>;
using CertRequest = std::unique_ptr<X509_REQ, OpenSslFree>;
using BigNum = std::unique_ptr<BIGNUM, OpenSslFree>;

struct PemBlock {
  std::string type;
  std::string bytes;
};
// The next PEM block in `rest` (advanced past it), or nothing when none is found, as
// Go's pem.Decode. Text before a block is skipped.
std::optional<PemBlock> next_pem_block(std::string_view& rest);

// DER-encoded X.509 certificates, one after another (Go's x509.ParseCertificates).
// Throws BuiltinError "x509: malformed certificate" on bad input.
std::vector<Cert> parse_der_certificates(std::string_view der);

// Go's JSON form of an x509.Certificate (as OPA's crypto.x509.* return it).
Value certificate_value(X509* cert, bool with_uri_strings);
Value certificate_request_value(X509_REQ* request);

// Private keys from PEM blocks "RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY".
PKey parse_private_key_block(const PemBlock& block);
// Go's JSON form of *rsa.PrivateKey / *ecdsa.PrivateKey, and the key as a JWK.
Value private_key_value(EVP_PKEY* key);
Value private_key_jwk(EVP_PKEY* key);
Value public_key_value(EVP_PKEY* key);

Value bignum_value(const BIGNUM* n);
std::string bignum_bytes(const BIGNUM* n, int width = 0);  // big-endian, left-padded to width
std::string hex_string(std::string_view bytes);

}  // namespace mg::rego::builtins
