#include "rego/builtins/jwk.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "rego/builtins/encoding_parts.h"
#include "rego/builtins/operands.h"
#include "rego/value/json.h"

namespace mg::rego::builtins {

namespace {

std::string b64url_member(const Value& object, std::string_view name, bool required) {
  const Value* v = object.get(name);
  if (v == nullptr) {
    if (required)
      fail("failed to parse a JWK key (set): required field " + std::string(name) + " is missing");
    return "";
  }
  if (!v->is_string())
    fail("failed to parse a JWK key (set): field " + std::string(name) + " must be a string");
  std::string text(v->as_string());
  // JWKs use unpadded base64url; tolerate padding.
  while (!text.empty() && text.back() == '=') text.pop_back();
  return decode_base64(text, true, false);
}

BigNum to_bignum(const std::string& bytes) {
  return BigNum(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()), nullptr));
}

PKey key_from_params(const char* type, OSSL_PARAM_BLD* builder, bool is_private) {
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(builder),
                                                                 OSSL_PARAM_free);
  std::unique_ptr<EVP_PKEY_CTX, OpenSslFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, is_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                        params.get()) != 1) {
    fail("failed to parse a JWK key (set): invalid " + std::string(type) + " key");
  }
  return PKey(key);
}

using Builder = std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)>;

PKey rsa_key(const Value& jwk) {
  Builder b(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  std::vector<BigNum> keep;
  auto push = [&](const char* param, std::string_view member, bool required) {
    std::string bytes = b64url_member(jwk, member, required);
    if (bytes.empty()) return false;
    keep.push_back(to_bignum(bytes));
    OSSL_PARAM_BLD_push_BN(b.get(), param, keep.back().get());
    return true;
  };
  push(OSSL_PKEY_PARAM_RSA_N, "n", true);
  push(OSSL_PKEY_PARAM_RSA_E, "e", true);
  bool is_private = push(OSSL_PKEY_PARAM_RSA_D, "d", false);
  if (is_private) {
    push(OSSL_PKEY_PARAM_RSA_FACTOR1, "p", false);
    push(OSSL_PKEY_PARAM_RSA_FACTOR2, "q", false);
    push(OSSL_PKEY_PARAM_RSA_EXPONENT1, "dp", false);
    push(OSSL_PKEY_PARAM_RSA_EXPONENT2, "dq", false);
    push(OSSL_PKEY_PARAM_RSA_COEFFICIENT1, "qi", false);
  }
  return key_from_params("RSA", b.get(), is_private);
}

int curve_size(std::string_view crv) {
  if (crv == "P-256") return 32;
  if (crv == "P-384") return 48;
  if (crv == "P-521") return 66;
  return 0;
}

PKey ec_key(const Value& jwk) {
  const Value* crv = jwk.get("crv");
  if (!crv || !crv->is_string() || curve_size(crv->as_string()) == 0) {
    fail("failed to parse a JWK key (set): invalid curve");
  }
  std::string curve(crv->as_string());
  size_t size = static_cast<size_t>(curve_size(curve));
  std::string x = b64url_member(jwk, "x", true), y = b64url_member(jwk, "y", true);
  if (x.size() > size || y.size() > size) fail("failed to parse a JWK key (set): invalid EC point");
  // An uncompressed point: 0x04, then X and Y left-padded to the curve size.
  std::string point(1, '\x04');
  point.append(size - x.size(), '\0');
  point += x;
  point.append(size - y.size(), '\0');
  point += y;
  Builder b(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  OSSL_PARAM_BLD_push_utf8_string(b.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.c_str(), 0);
  OSSL_PARAM_BLD_push_octet_string(b.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  std::string d = b64url_member(jwk, "d", false);
  BigNum private_part = d.empty() ? nullptr : to_bignum(d);
  if (private_part) OSSL_PARAM_BLD_push_BN(b.get(), OSSL_PKEY_PARAM_PRIV_KEY, private_part.get());
  return key_from_params("EC", b.get(), private_part != nullptr);
}

PKey okp_key(const Value& jwk) {
  const Value* crv = jwk.get("crv");
  if (!crv || !crv->is_string() || crv->as_string() != "Ed25519") {
    fail("failed to parse a JWK key (set): unsupported OKP curve");
  }
  std::string d = b64url_member(jwk, "d", false);
  EVP_PKEY* key = nullptr;
  if (!d.empty()) {
    key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                       reinterpret_cast<const unsigned char*>(d.data()), d.size());
  } else {
    std::string x = b64url_member(jwk, "x", true);
    key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                      reinterpret_cast<const unsigned char*>(x.data()), x.size());
  }
  if (!key) fail("failed to parse a JWK key (set): invalid Ed25519 key");
  return PKey(key);
}

Jwk parse_jwk(const Value& object) {
  if (!object.is_object()) fail("failed to parse a JWK key (set): key must be an object");
  const Value* kty = object.get("kty");
  if (!kty || !kty->is_string())
    fail("failed to parse a JWK key (set): invalid key type from JSON ()");
  Jwk jwk;
  std::string_view type = kty->as_string();
  if (type == "RSA") {
    jwk.key = rsa_key(object);
  } else if (type == "EC") {
    jwk.key = ec_key(object);
  } else if (type == "OKP") {
    jwk.key = okp_key(object);
  } else if (type == "oct") {
    jwk.secret = b64url_member(object, "k", true);
  } else {
    fail("failed to parse a JWK key (set): invalid key type from JSON (" + std::string(type) + ")");
  }
  if (const Value* alg = object.get("alg"); alg && alg->is_string()) jwk.alg = alg->as_string();
  if (const Value* kid = object.get("kid"); kid && kid->is_string()) jwk.kid = kid->as_string();
  return jwk;
}

const EVP_MD* digest_for(std::string_view alg) {
  std::string_view bits = alg.size() >= 3 ? alg.substr(2) : "";
  if (bits == "256") return EVP_sha256();
  if (bits == "384") return EVP_sha384();
  if (bits == "512") return EVP_sha512();
  return nullptr;
}

int key_type(const Jwk& key) {
  return key.key ? EVP_PKEY_get_base_id(key.key.get()) : EVP_PKEY_NONE;
}

// Whether the key's type fits the algorithm family.
bool key_fits(std::string_view alg, const Jwk& key) {
  if (alg.starts_with("RS") || alg.starts_with("PS")) return key_type(key) == EVP_PKEY_RSA;
  if (alg.starts_with("ES")) return key_type(key) == EVP_PKEY_EC;
  if (alg == "EdDSA") return key_type(key) == EVP_PKEY_ED25519;
  return false;
}

void configure_padding(std::string_view alg, EVP_PKEY_CTX* pctx, bool signing) {
  if (alg.starts_with("PS")) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, signing ? RSA_PSS_SALTLEN_DIGEST : RSA_PSS_SALTLEN_AUTO);
  } else if (alg.starts_with("RS")) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING);
  }
}

std::string hmac(std::string_view alg, std::string_view secret, std::string_view input) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(digest_for(alg), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), out, &size);
  return std::string(reinterpret_cast<char*>(out), size);
}

}  // namespace

bool is_jws_algorithm(std::string_view alg) {
  for (auto a : {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
                 "HS256", "HS384", "HS512", "EdDSA"}) {
    if (alg == a) return true;
  }
  return false;
}

std::vector<Jwk> parse_jwks(std::string_view text) {
  auto parsed = parse_go_json(text);
  if (auto* e = std::get_if<JsonError>(&parsed))
    fail("failed to parse a JWK key (set): " + e->message);
  const Value& v = std::get<Value>(parsed);
  std::vector<Jwk> keys;
  if (const Value* set = v.get("keys"); set && v.is_object()) {
    if (!set->is_array()) fail("failed to parse a JWK key (set): keys must be an array");
    for (const Value& k : set->as_array()) keys.push_back(parse_jwk(k));
  } else {
    keys.push_back(parse_jwk(v));
  }
  return keys;
}

std::vector<Jwk> verification_keys(std::string_view text) {
  std::string_view rest = text;
  if (auto block = next_pem_block(rest)) {
    if (!rest.empty()) fail("extra data after a PEM certificate block");
    const unsigned char* p = reinterpret_cast<const unsigned char*>(block->bytes.data());
    long size = static_cast<long>(block->bytes.size());
    Jwk key;
    if (block->type == "CERTIFICATE") {
      Cert cert(d2i_X509(nullptr, &p, size));
      if (!cert) fail("failed to parse a PEM certificate: x509: malformed certificate");
      key.key = PKey(X509_get_pubkey(cert.get()));
    } else if (block->type == "PUBLIC KEY") {
      key.key = PKey(d2i_PUBKEY(nullptr, &p, size));
      if (!key.key) fail("failed to parse a PEM public key: asn1: structure error");
    } else {
      fail("failed to extract a Key from the PEM certificate");
    }
    std::vector<Jwk> keys;
    keys.push_back(std::move(key));
    return keys;
  }
  std::vector<Jwk> keys;
  for (auto& k : parse_jwks(text)) {
    if (!k.alg.empty() && !is_jws_algorithm(k.alg)) continue;
    keys.push_back(std::move(k));
  }
  return keys;
}

bool jws_verify(std::string_view alg, const Jwk& key, std::string_view input,
                std::string_view signature) {
  if (alg.starts_with("HS")) {
    if (key.key || digest_for(alg) == nullptr) return false;
    std::string mac = hmac(alg, key.secret, input);
    return mac.size() == signature.size() &&
           CRYPTO_memcmp(mac.data(), signature.data(), mac.size()) == 0;
  }
  if (!key_fits(alg, key)) return false;
  std::string sig(signature);
  if (alg.starts_with("ES")) {
    // JWS carries r || s; OpenSSL wants DER.
    size_t half = sig.size() / 2;
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> ecdsa(ECDSA_SIG_new(), ECDSA_SIG_free);
    BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data()),
                          static_cast<int>(half), nullptr);
    BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data() + half),
                          static_cast<int>(sig.size() - half), nullptr);
    ECDSA_SIG_set0(ecdsa.get(), r, s);
    unsigned char* der = nullptr;
    int der_size = i2d_ECDSA_SIG(ecdsa.get(), &der);
    if (der_size <= 0) return false;
    sig.assign(reinterpret_cast<char*>(der), static_cast<size_t>(der_size));
    OPENSSL_free(der);
  }
  const EVP_MD* md = alg == "EdDSA" ? nullptr : digest_for(alg);
  if (alg != "EdDSA" && md == nullptr) return false;
  std::unique_ptr<EVP_MD_CTX, OpenSslFree> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key.key.get()) != 1) return false;
  configure_padding(alg, pctx, false);
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

std::string jws_sign(std::string_view alg, const Jwk& key, std::string_view input) {
  if (alg.starts_with("HS")) {
    if (key.key) fail("failed to sign payload: invalid key type for " + std::string(alg));
    return hmac(alg, key.secret, input);
  }
  if (!key_fits(alg, key)) fail("failed to sign payload: invalid key type for " + std::string(alg));
  const EVP_MD* md = alg == "EdDSA" ? nullptr : digest_for(alg);
  std::unique_ptr<EVP_MD_CTX, OpenSslFree> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  size_t size = 0;
  if (EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key.key.get()) != 1) {
    fail("failed to sign payload: key cannot sign");
  }
  configure_padding(alg, pctx, true);
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &size, data, input.size()) != 1)
    fail("failed to sign payload");
  std::string sig(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &size, data,
                     input.size()) != 1) {
    fail("failed to sign payload");
  }
  sig.resize(size);
  if (alg.starts_with("ES")) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> ecdsa(
        d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size())), ECDSA_SIG_free);
    if (!ecdsa) fail("failed to sign payload");
    int width = (EVP_PKEY_get_bits(key.key.get()) + 7) / 8;
    return bignum_bytes(ECDSA_SIG_get0_r(ecdsa.get()), width) +
           bignum_bytes(ECDSA_SIG_get0_s(ecdsa.get()), width);
  }
  return sig;
}

}  // namespace mg::rego::builtins
