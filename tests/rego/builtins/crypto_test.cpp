#include "builtin_call.h"
#include "test_certificates.h"

using namespace mg::rego;
using namespace mg::rego::testing;

namespace {
std::string chain_pem() {
  return std::string(kRootCertificate) + kLeafCertificate;
}

std::string b64(std::string_view s) {
  auto r = call("base64.encode", {str(s)});
  return std::string(r->as_string());
}

const Value& field(const Value& v, std::string_view name) {
  const Value* f = v.get(name);
  REQUIRE(f);
  return *f;
}
}  // namespace

TEST_CASE("digests are lowercase hex") {
  CHECK(eval("crypto.md5", {str("hello")}) == "\"5d41402abc4b2a76b9719d911017c592\"");
  CHECK(eval("crypto.sha1", {str("hello")}) == "\"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\"");
  CHECK(eval("crypto.sha256", {str("héllo")}) ==
        "\"3c48591d8d098a4538f5e013dfcf406e948eac4d3277b10bf614e295d6068179\"");
  CHECK(error("crypto.sha256", {num(1)}) == "type: operand 1 must be string but got number");
}

TEST_CASE("HMACs and constant-time comparison") {
  CHECK(eval("crypto.hmac.sha256", {str("message"), str("key")}) ==
        "\"6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a\"");
  CHECK(eval("crypto.hmac.md5", {str("message"), str("key")}) ==
        "\"4e4748e62b463521f6775fbf921234b5\"");
  CHECK(eval("crypto.hmac.sha1", {str("message"), str("key")}) ==
        "\"2088df74d5f2146b48146caf4965377e9d0be3a4\"");
  CHECK(call("crypto.hmac.sha512", {str("message"), str("key")})->as_string().size() == 128);
  CHECK(eval("crypto.hmac.equal", {str("abc"), str("abc")}) == "true");
  CHECK(eval("crypto.hmac.equal", {str("abc"), str("abd")}) == "false");
  CHECK(eval("crypto.hmac.equal", {str("abc"), str("ab")}) == "false");
  CHECK(error("crypto.hmac.sha1", {str("m"), num(1)}) ==
        "type: operand 2 must be string but got number");
}

TEST_CASE("crypto.x509.parse_certificates reads PEM, base64 PEM and base64 DER") {
  auto certs = call("crypto.x509.parse_certificates", {str(chain_pem())});
  REQUIRE(certs->as_array().size() == 2);
  const Value& root = certs->as_array()[0];
  const Value& leaf = certs->as_array()[1];
  CHECK(to_json(field(field(root, "Subject"), "CommonName")) == "\"Test Root CA\"");
  CHECK(to_json(field(field(root, "Subject"), "Organization")) == "[\"Manifestgate Test\"]");
  CHECK(field(root, "IsCA").is_true());
  CHECK(to_json(field(root, "MaxPathLen")) == "-1");
  CHECK(to_json(field(root, "KeyUsage")) == "96");
  CHECK(to_json(field(root, "PublicKeyAlgorithm")) == "3");
  CHECK(to_json(field(root, "SignatureAlgorithm")) == "10");
  CHECK(to_json(field(leaf, "DNSNames")) == "[\"web.example.com\"]");
  CHECK(to_json(field(leaf, "IPAddresses")) == "[\"10.0.0.1\"]");
  CHECK(to_json(field(leaf, "URIStrings")) == "[\"spiffe://example.com/web\"]");
  CHECK(to_json(field(field(leaf, "URIs").as_array()[0], "Host")) == "\"example.com\"");
  CHECK(to_json(field(leaf, "ExtKeyUsage")) == "[1]");
  CHECK(to_json(field(leaf, "KeyUsage")) == "5");
  CHECK(to_json(field(leaf, "NotBefore")) == "\"2000-01-01T00:00:00Z\"");
  CHECK(to_json(field(leaf, "NotAfter")) == "\"2099-12-31T00:00:00Z\"");
  CHECK(to_json(field(leaf, "SerialNumber")) == "4097");
  CHECK(to_json(field(leaf, "Version")) == "3");
  CHECK(to_json(field(field(leaf, "Issuer"), "CommonName")) == "\"Test Root CA\"");
  CHECK(field(field(leaf, "PublicKey"), "E").as_int() == 65537);
  CHECK(field(leaf, "EmailAddresses").is_null());
  CHECK(field(root, "URIStrings").is_null());

  auto from_b64_pem = call("crypto.x509.parse_certificates", {str(b64(chain_pem()))});
  CHECK(*from_b64_pem == *certs);
  // base64 of DER: the Raw field of the leaf.
  auto from_der = call("crypto.x509.parse_certificates", {field(leaf, "Raw")});
  REQUIRE(from_der->as_array().size() == 1);
  CHECK(from_der->as_array()[0] == leaf);
}

TEST_CASE("crypto.x509.parse_certificates errors") {
  CHECK(error("crypto.x509.parse_certificates", {str("not base64!")}) ==
        "builtin: illegal base64 data at input byte 3");
  CHECK(error("crypto.x509.parse_certificates", {str(b64("garbage"))}) ==
        "builtin: x509: malformed certificate");
  CHECK(error("crypto.x509.parse_certificates", {str(kLeafKey)}) ==
        "builtin: PEM block type is 'PRIVATE KEY', expected CERTIFICATE");
}

TEST_CASE("crypto.x509.parse_and_verify_certificates checks the chain root to leaf") {
  auto ok = call("crypto.x509.parse_and_verify_certificates", {str(chain_pem())});
  REQUIRE(ok->as_array()[0].is_true());
  auto chain = ok->as_array()[1].as_array();
  REQUIRE(chain.size() == 2);
  CHECK(to_json(field(field(chain[0], "Subject"), "CommonName")) == "\"web.example.com\"");
  CHECK(to_json(field(field(chain[1], "Subject"), "CommonName")) == "\"Test Root CA\"");
  CHECK(eval("crypto.x509.parse_and_verify_certificates", {str(kLeafCertificate)}) == "[false,[]]");
  CHECK(eval("crypto.x509.parse_and_verify_certificates",
             {str(std::string(kLeafCertificate) + kRootCertificate)}) == "[false,[]]");
  CHECK(eval("crypto.x509.parse_and_verify_certificates", {str("junk")}) == "[false,[]]");
}

TEST_CASE("crypto.x509.parse_and_verify_certificates_with_options") {
  auto verify = [](const char* options) {
    auto r = call("crypto.x509.parse_and_verify_certificates_with_options",
                  {str(chain_pem()), json(options)});
    return r->as_array()[0].as_bool();
  };
  CHECK(verify(R"({"DNSName":"web.example.com"})"));
  CHECK_FALSE(verify(R"({"DNSName":"other.example.com"})"));
  CHECK(verify(R"({"CurrentTime":1609459200000000000})"));
  CHECK_FALSE(verify(R"({"CurrentTime":946684700000000000})"));  // before notBefore
  CHECK(verify(R"({"KeyUsages":["KeyUsageServerAuth"]})"));
  CHECK_FALSE(verify(R"({"KeyUsages":["KeyUsageClientAuth"]})"));
  CHECK(verify(R"({"KeyUsages":["KeyUsageAny"]})"));
  CHECK(error("crypto.x509.parse_and_verify_certificates_with_options",
              {str(chain_pem()), json(R"({"Foo":1})")}) == "builtin: invalid key option");
  CHECK(error("crypto.x509.parse_and_verify_certificates_with_options",
              {str(chain_pem()), json(R"({"KeyUsages":["Nope"]})")}) ==
        "builtin: invalid entries for 'KeyUsages' found: [Nope]");
  CHECK(error("crypto.x509.parse_and_verify_certificates_with_options",
              {str(chain_pem()), json(R"({"DNSName":1})")}) ==
        "builtin: 'DNSName' should be a string");
}

TEST_CASE("crypto.x509.parse_certificate_request") {
  auto csr = call("crypto.x509.parse_certificate_request", {str(kLeafRequest)});
  CHECK(to_json(field(field(*csr, "Subject"), "CommonName")) == "\"web.example.com\"");
  CHECK(to_json(field(*csr, "DNSNames")) == "[\"web.example.com\"]");
  CHECK(to_json(field(*csr, "PublicKeyAlgorithm")) == "1");
  CHECK(*call("crypto.x509.parse_certificate_request", {str(b64(kLeafRequest))}) == *csr);
  CHECK(error("crypto.x509.parse_certificate_request", {str(kLeafCertificate)}) ==
        "builtin: illegal base64 data at input byte 0");
}

TEST_CASE("private keys as Go structs and as JWK") {
  auto keys = call("crypto.parse_private_keys", {str(std::string(kLeafKey) + kRootKey)});
  REQUIRE(keys->as_array().size() == 2);
  CHECK(field(keys->as_array()[0], "E").as_int() == 65537);
  CHECK(field(keys->as_array()[0], "Primes").as_array().size() == 2);
  CHECK(field(keys->as_array()[1], "D").is_number());
  CHECK(eval("crypto.parse_private_keys", {str("")}) == "null");
  CHECK(eval("crypto.parse_private_keys", {str("no keys here")}) == "[]");

  auto jwk = call("crypto.x509.parse_rsa_private_key", {str(kLeafKey)});
  CHECK(to_json(field(*jwk, "kty")) == "\"RSA\"");
  CHECK(to_json(field(*jwk, "e")) == "\"AQAB\"");
  for (auto name : {"n", "d", "p", "q", "dp", "dq", "qi"}) CHECK(field(*jwk, name).is_string());
  auto ec = call("crypto.x509.parse_rsa_private_key", {str(b64(kRootKey))});
  CHECK(to_json(field(*ec, "crv")) == "\"P-256\"");
  CHECK(field(*ec, "x").as_string().size() == 43);
  CHECK(error("crypto.x509.parse_rsa_private_key", {str("")}) ==
        "builtin: input PEM data was empty");
}

TEST_CASE("crypto.x509.parse_keypair checks that key and certificate belong together") {
  auto pair = call("crypto.x509.parse_keypair", {str(kLeafCertificate), str(kLeafKey)});
  CHECK(field(*pair, "Certificate").as_array().size() == 1);
  CHECK(to_json(field(field(field(*pair, "Leaf"), "Subject"), "CommonName")) ==
        "\"web.example.com\"");
  CHECK(field(field(*pair, "PrivateKey"), "E").as_int() == 65537);
  CHECK(*call("crypto.x509.parse_keypair", {str(b64(kLeafCertificate)), str(b64(kLeafKey))}) ==
        *pair);
  CHECK(error("crypto.x509.parse_keypair", {str(kLeafCertificate), str(kRootKey)}) ==
        "builtin: tls: private key does not match public key");
}
