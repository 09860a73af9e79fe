#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "rego/builtins/crypto_util.h"
#include "rego/builtins/decl.h"
#include "rego/builtins/encoding_parts.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// --- digests and MACs ------------------------------------------------------------------------

std::string digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), out, &size, md, nullptr);
  return hex_string(std::string_view(reinterpret_cast<char*>(out), size));
}

Builtin digest_builtin(std::string name, const EVP_MD* (*md)()) {
  return make_builtin(std::move(name), 1, decl::function({decl::string()}, decl::string()),
                      [md](BuiltinContext&, std::span<const Value> args) -> std::optional<Value> {
                        return Value::string(digest(md(), string_operand(args, 1)));
                      });
}

Builtin hmac_builtin(std::string name, const EVP_MD* (*md)()) {
  return make_builtin(
      std::move(name), 2, decl::function({decl::string(), decl::string()}, decl::string()),
      [md](BuiltinContext&, std::span<const Value> args) -> std::optional<Value> {
        std::string_view message = string_operand(args, 1);
        std::string_view key = string_operand(args, 2);
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        HMAC(md(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &size);
        return Value::string(hex_string(std::string_view(reinterpret_cast<char*>(out), size)));
      });
}

std::optional<Value> hmac_equal(BuiltinContext&, std::span<const Value> args) {
  std::string_view a = string_operand(args, 1);
  std::string_view b = string_operand(args, 2);
  return Value::boolean(a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

// --- certificates ------------------------------------------------------------------------------

std::vector<Cert> certificates_from_pem(std::string_view text) {
  std::string der;
  while (!text.empty()) {
    auto block = next_pem_block(text);
    if (!block) break;
    if (block->type != "CERTIFICATE") {
      fail("PEM block type is '" + block->type + "', expected CERTIFICATE");
    }
    der += block->bytes;
  }
  return parse_der_certificates(der);
}

// PEM, or base64 of PEM, or base64 of DER, as OPA accepts certificates.
std::vector<Cert> certificates_from_string(std::string_view input) {
  if (starts_with(input, "-----BEGIN")) return certificates_from_pem(input);
  std::string decoded = decode_base64(input, false, true);
  if (starts_with(decoded, "-----BEGIN")) return certificates_from_pem(decoded);
  return parse_der_certificates(decoded);
}

Value certificates_value(const std::vector<Cert>& certs, bool with_uri_strings) {
  std::vector<Value> out;
  out.reserve(certs.size());
  for (const auto& c : certs) out.push_back(certificate_value(c.get(), with_uri_strings));
  return Value::array(std::move(out));
}

std::optional<Value> parse_certificates(BuiltinContext&, std::span<const Value> args) {
  return certificates_value(certificates_from_string(string_operand(args, 1)), true);
}

struct VerifyOptions {
  std::string dns_name;
  std::optional<int64_t> current_time_ns;
  std::vector<int> key_usages;  // OpenSSL NIDs; empty means server auth, as Go defaults
  bool any_usage = false;
};

const std::map<std::string, int, std::less<>>& key_usage_names() {
  static const std::map<std::string, int, std::less<>> names = {
      {"KeyUsageAny", NID_anyExtendedKeyUsage},
      {"KeyUsageServerAuth", NID_server_auth},
      {"KeyUsageClientAuth", NID_client_auth},
      {"KeyUsageCodeSigning", NID_code_sign},
      {"KeyUsageEmailProtection", NID_email_protect},
      {"KeyUsageIPSECEndSystem", NID_ipsecEndSystem},
      {"KeyUsageIPSECTunnel", NID_ipsecTunnel},
      {"KeyUsageIPSECUser", NID_ipsecUser},
      {"KeyUsageTimeStamping", NID_time_stamp},
      {"KeyUsageOCSPSigning", NID_OCSP_sign},
      {"KeyUsageMicrosoftServerGatedCrypto", NID_ms_sgc},
      {"KeyUsageNetscapeServerGatedCrypto", NID_ns_sgc},
      {"KeyUsageMicrosoftCommercialCodeSigning", NID_ms_code_com},
      {"KeyUsageMicrosoftKernelCodeSigning", NID_ms_code_ind},
  };
  return names;
}

VerifyOptions verify_options(const Value& options) {
  VerifyOptions o;
  for (const auto& [key, value] : options.as_object()) {
    if (!key.is_string()) continue;
    std::string_view k = key.as_string();
    if (k == "DNSName") {
      if (!value.is_string()) fail("'DNSName' should be a string");
      o.dns_name = value.as_string();
    } else if (k == "CurrentTime") {
      if (!value.is_number()) fail("'CurrentTime' should be a number");
      auto ns = exact_integer(value);
      if (!ns) fail("'CurrentTime' should be a valid int64 number");
      o.current_time_ns = *ns;
    } else if (k == "MaxConstraintComparisons") {
      if (!value.is_number()) fail("'MaxConstraintComparisons' should be a number");
      if (!exact_integer(value)) fail("'MaxConstraintComparisons' should be a valid number");
    } else if (k == "KeyUsages") {
      if (!value.is_array() && !value.is_set()) fail("'KeyUsages' should be an Array or Set");
      std::vector<std::string> invalid;
      for (const Value& u : value.is_array() ? value.as_array() : value.as_set()) {
        if (!u.is_string()) continue;
        auto it = key_usage_names().find(u.as_string());
        if (it == key_usage_names().end()) {
          invalid.emplace_back(u.as_string());
        } else {
          o.key_usages.push_back(it->second);
          if (it->second == NID_anyExtendedKeyUsage) o.any_usage = true;
        }
      }
      if (!invalid.empty()) {
        std::string list;
        for (const auto& s : invalid) {
          if (!list.empty()) list += ' ';
          list += s;
        }
        fail("invalid entries for 'KeyUsages' found: [" + list + "]");
      }
    } else {
      fail("invalid key option");
    }
  }
  return o;
}

// Go's chain rule for extended key usage: every certificate that names usages must allow
// one of the requested ones (or "any").
bool usages_allowed(const std::vector<X509*>& chain, const VerifyOptions& o) {
  if (o.any_usage) return true;
  std::vector<int> wanted = o.key_usages.empty() ? std::vector<int>{NID_server_auth} : o.key_usages;
  for (X509* cert : chain) {
    auto* eku = static_cast<EXTENDED_KEY_USAGE*>(
        X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
    if (eku == nullptr) continue;
    bool ok = false;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i) {
      int nid = OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i));
      ok = ok || nid == NID_anyExtendedKeyUsage ||
           std::find(wanted.begin(), wanted.end(), nid) != wanted.end();
    }
    EXTENDED_KEY_USAGE_free(eku);
    if (!ok) return false;
  }
  return true;
}

// Verifies leaf (last) to root (first) through the certificates between; returns the
// chain from leaf to root, or nothing.
std::optional<std::vector<X509*>> verify_chain(const std::vector<Cert>& certs,
                                               const VerifyOptions& o) {
  if (certs.size() < 2) return std::nullopt;
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  X509_STORE_add_cert(store.get(), certs.front().get());
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> intermediates(
      sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_free(s); });
  for (size_t i = 1; i + 1 < certs.size(); ++i) sk_X509_push(intermediates.get(), certs[i].get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  if (X509_STORE_CTX_init(ctx.get(), store.get(), certs.back().get(), intermediates.get()) != 1) {
    return std::nullopt;
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  if (!o.dns_name.empty())
    X509_VERIFY_PARAM_set1_host(param, o.dns_name.c_str(), o.dns_name.size());
  if (o.current_time_ns) {
    int64_t seconds = *o.current_time_ns / 1000000000;
    if (*o.current_time_ns % 1000000000 < 0) --seconds;
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(seconds));
  }
  if (X509_verify_cert(ctx.get()) != 1) return std::nullopt;
  std::vector<X509*> chain;
  STACK_OF(X509)* verified = X509_STORE_CTX_get0_chain(ctx.get());
  int count = sk_X509_num(verified);  // -1 when there is no chain
  chain.reserve(static_cast<size_t>(std::max(count, 0)));
  for (int i = 0; i < count; ++i) chain.push_back(sk_X509_value(verified, i));
  if (!usages_allowed(chain, o)) return std::nullopt;
  return chain;
}

Value verified_result(std::string_view input, const VerifyOptions& options, bool with_uri_strings) {
  Value invalid = Value::array({Value::boolean(false), Value::empty_array()});
  std::vector<Cert> certs;
  try {
    certs = certificates_from_string(input);
  } catch (const BuiltinError&) {
    return invalid;
  }
  auto chain = verify_chain(certs, options);
  if (!chain) return invalid;
  std::vector<Value> out;
  for (X509* c : *chain) out.push_back(certificate_value(c, with_uri_strings));
  return Value::array({Value::boolean(true), Value::array(std::move(out))});
}

std::optional<Value> parse_and_verify(BuiltinContext&, std::span<const Value> args) {
  return verified_result(string_operand(args, 1), {}, true);
}

std::optional<Value> parse_and_verify_with_options(BuiltinContext&, std::span<const Value> args) {
  std::string_view input = string_operand(args, 1);
  const Value& options = object_operand(args, 2);
  std::vector<Cert> certs;
  try {
    certs = certificates_from_string(input);
  } catch (const BuiltinError&) {
    return Value::array({Value::boolean(false), Value::empty_array()});
  }
  // Options are checked only once the certificates parse, as OPA does.
  VerifyOptions o = verify_options(options);
  return verified_result(input, o, false);
}

std::optional<Value> parse_certificate_request(BuiltinContext&, std::span<const Value> args) {
  std::string_view input = string_operand(args, 1);
  std::string bytes(input);
  if (!starts_with(input, "-----BEGIN CERTIFICATE REQUEST-----"))
    bytes = decode_base64(input, false, true);
  std::string_view rest(bytes);
  std::string der = bytes;
  if (auto block = next_pem_block(rest)) {
    if (block->type != "CERTIFICATE REQUEST")
      fail("invalid PEM-encoded certificate signing request");
    der = block->bytes;
  }
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  CertRequest request(d2i_X509_REQ(nullptr, &p, static_cast<long>(der.size())));
  if (!request) fail("asn1: structure error: tags don't match");
  return certificate_request_value(request.get());
}

// PEM (or base64 of PEM) private keys of the kinds OPA reads.
std::vector<PKey> private_keys(std::string_view input) {
  std::string text(input);
  try {
    text = decode_base64(input, false, true);
  } catch (const BuiltinError&) {
  }
  std::vector<PKey> keys;
  std::string_view rest(text);
  while (auto block = next_pem_block(rest)) {
    if (block->type == "RSA PRIVATE KEY" || block->type == "PRIVATE KEY" ||
        block->type == "EC PRIVATE KEY") {
      keys.push_back(parse_private_key_block(*block));
    }
  }
  return keys;
}

std::optional<Value> parse_rsa_private_key(BuiltinContext&, std::span<const Value> args) {
  std::string_view input = string_operand(args, 1);
  if (input.empty()) fail("input PEM data was empty");
  std::string text(input);
  if (!starts_with(input, "-----BEGIN")) text = decode_base64(input, false, true);
  auto keys = private_keys(text);
  if (keys.empty()) return Value::null();
  return private_key_jwk(keys.front().get());
}

std::optional<Value> parse_private_keys(BuiltinContext&, std::span<const Value> args) {
  std::string_view input = string_operand(args, 1);
  if (input.empty()) return Value::null();
  std::vector<Value> out;
  for (const auto& key : private_keys(input)) out.push_back(private_key_value(key.get()));
  return Value::array(std::move(out));
}

std::optional<Value> parse_keypair(BuiltinContext&, std::span<const Value> args) {
  std::string cert_text(string_operand(args, 1));
  std::string key_text(string_operand(args, 2));
  if (!starts_with(cert_text, "-----BEGIN ")) cert_text = decode_base64(cert_text, false, true);
  if (!starts_with(key_text, "-----BEGIN ")) key_text = decode_base64(key_text, false, true);
  std::vector<Cert> certs;
  if (starts_with(cert_text, "-----BEGIN ")) {
    std::string_view rest(cert_text);
    while (auto block = next_pem_block(rest)) {
      if (block->type != "CERTIFICATE") continue;
      auto parsed = parse_der_certificates(block->bytes);
      for (auto& c : parsed) certs.push_back(std::move(c));
    }
    if (certs.empty()) fail("tls: failed to find any PEM data in certificate input");
  } else {
    certs = parse_der_certificates(cert_text);
  }
  PKey key;
  if (starts_with(key_text, "-----BEGIN")) {
    std::string_view rest(key_text);
    while (auto block = next_pem_block(rest)) {
      if (block->type == "PRIVATE KEY" || block->type.ends_with(" PRIVATE KEY")) {
        key = parse_private_key_block(*block);
        break;
      }
    }
    if (!key) fail("tls: failed to find any PEM data in key input");
  } else {
    key = parse_private_key_block({"PRIVATE KEY", key_text});
  }
  if (certs.empty()) fail("tls: failed to find any PEM data in certificate input");
  EVP_PKEY* public_key = X509_get0_pubkey(certs.front().get());
  if (public_key == nullptr || EVP_PKEY_eq(public_key, key.get()) != 1) {
    fail("tls: private key does not match public key");
  }
  std::vector<Value> chain;
  for (const auto& c : certs) {
    unsigned char* der = nullptr;
    int size = i2d_X509(c.get(), &der);
    chain.push_back(Value::string(encode_base64(
        std::string_view(reinterpret_cast<char*>(der), static_cast<size_t>(size)), false, true)));
    OPENSSL_free(der);
  }
  return Value::object({{Value::string("Certificate"), Value::array(std::move(chain))},
                        {Value::string("Leaf"), certificate_value(certs.front().get(), false)},
                        {Value::string("OCSPStaple"), Value::null()},
                        {Value::string("PrivateKey"), private_key_value(key.get())},
                        {Value::string("SignedCertificateTimestamps"), Value::null()},
                        {Value::string("SupportedSignatureAlgorithms"), Value::null()}});
}

}  // namespace

void add_crypto(std::vector<Builtin>& table) {
  using namespace decl;
  table.push_back(digest_builtin("crypto.md5", EVP_md5));
  table.push_back(digest_builtin("crypto.sha1", EVP_sha1));
  table.push_back(digest_builtin("crypto.sha256", EVP_sha256));
  table.push_back(hmac_builtin("crypto.hmac.md5", EVP_md5));
  table.push_back(hmac_builtin("crypto.hmac.sha1", EVP_sha1));
  table.push_back(hmac_builtin("crypto.hmac.sha256", EVP_sha256));
  table.push_back(hmac_builtin("crypto.hmac.sha512", EVP_sha512));
  table.push_back(
      make_builtin("crypto.hmac.equal", 2, function({string(), string()}, boolean()), hmac_equal));

  const Type objects = array_of(object_of(string(), any()));
  table.push_back(make_builtin("crypto.x509.parse_certificates", 1, function({string()}, objects),
                               parse_certificates));
  table.push_back(make_builtin("crypto.x509.parse_and_verify_certificates", 1,
                               function({string()}, array_static({boolean(), objects})),
                               parse_and_verify));
  table.push_back(make_builtin(
      "crypto.x509.parse_and_verify_certificates_with_options", 2,
      function({string(), object_of(string(), any())}, array_static({boolean(), objects})),
      parse_and_verify_with_options));
  table.push_back(make_builtin("crypto.x509.parse_certificate_request", 1,
                               function({string()}, object_of(string(), any())),
                               parse_certificate_request));
  table.push_back(make_builtin("crypto.x509.parse_keypair", 2,
                               function({string(), string()}, object_of(string(), any())),
                               parse_keypair));
  table.push_back(make_builtin("crypto.x509.parse_rsa_private_key", 1,
                               function({string()}, object_of(string(), any())),
                               parse_rsa_private_key));
  table.push_back(make_builtin("crypto.parse_private_keys", 1, function({string()}, objects),
                               parse_private_keys));
}

}  // namespace mg::rego::builtins
