#include "rego/builtins/crypto_util.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>

#include "rego/builtins/encoding_parts.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

std::optional<PemBlock> next_pem_block(std::string_view& rest) {
  static constexpr std::string_view kBegin = "-----BEGIN ";
  size_t search = 0;
  while (true) {
    size_t begin = rest.find(kBegin, search);
    if (begin == std::string_view::npos) return std::nullopt;
    // The BEGIN line must start a line.
    if (begin > 0 && rest[begin - 1] != '\n') {
      search = begin + 1;
      continue;
    }
    size_t type_start = begin + kBegin.size();
    size_t type_end = rest.find("-----", type_start);
    size_t line_end = rest.find('\n', type_start);
    if (type_end == std::string_view::npos ||
        (line_end != std::string_view::npos && type_end > line_end)) {
      search = begin + 1;
      continue;
    }
    std::string type(rest.substr(type_start, type_end - type_start));
    std::string end_marker = "-----END " + type + "-----";
    size_t body_start = line_end == std::string_view::npos ? rest.size() : line_end + 1;
    size_t end = rest.find(end_marker, body_start);
    if (end == std::string_view::npos) {
      search = begin + 1;
      continue;
    }
    std::string_view body = rest.substr(body_start, end - body_start);
    // Skip RFC 1421 headers ("Proc-Type: ...") that end with a blank line.
    if (body.find(':') != std::string_view::npos) {
      size_t blank = body.find("\n\n");
      if (blank != std::string_view::npos &&
          body.substr(0, blank).find(':') != std::string_view::npos) {
        body = body.substr(blank + 2);
      }
    }
    std::string compact;
    for (char c : body) {
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') compact += c;
    }
    std::string bytes;
    try {
      bytes = decode_base64(compact, false, true);
    } catch (const BuiltinError&) {
      search = begin + 1;
      continue;
    }
    size_t after = end + end_marker.size();
    if (after < rest.size() && rest[after] == '\r') ++after;
    if (after < rest.size() && rest[after] == '\n') ++after;
    rest = rest.substr(after);
    return PemBlock{std::move(type), std::move(bytes)};
  }
}

std::vector<Cert> parse_der_certificates(std::string_view der) {
  std::vector<Cert> certs;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* end = p + der.size();
  while (p < end) {
    X509* cert = d2i_X509(nullptr, &p, end - p);
    if (cert == nullptr) fail("x509: malformed certificate");
    certs.emplace_back(cert);
  }
  return certs;
}

Value bignum_value(const BIGNUM* n) {
  char* text = BN_bn2dec(n);
  std::string decimal(text);
  OPENSSL_free(text);
  if (auto v = Value::number(decimal)) return *v;
  return Value::null();
}

std::string bignum_bytes(const BIGNUM* n, int width) {
  int size = std::max(BN_num_bytes(n), width);
  std::string out(static_cast<size_t>(size), '\0');
  BN_bn2binpad(n, reinterpret_cast<unsigned char*>(out.data()), size);
  return out;
}

std::string hex_string(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

PKey parse_private_key_block(const PemBlock& block) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(block.bytes.data());
  long size = static_cast<long>(block.bytes.size());
  EVP_PKEY* key = nullptr;
  if (block.type == "RSA PRIVATE KEY") {
    key = d2i_PrivateKey(EVP_PKEY_RSA, nullptr, &p, size);
    if (!key)
      fail(
          "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key "
          "format)");
  } else if (block.type == "EC PRIVATE KEY") {
    key = d2i_PrivateKey(EVP_PKEY_EC, nullptr, &p, size);
    if (!key) fail("x509: failed to parse EC private key");
  } else {
    key = d2i_AutoPrivateKey(nullptr, &p, size);
    if (!key) fail("x509: failed to parse private key");
  }
  return PKey(key);
}

namespace {

BigNum bn_param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) return nullptr;
  return BigNum(bn);
}

std::string curve_name(EVP_PKEY* key) {
  char name[64] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) !=
      1) {
    return "";
  }
  std::string n(name, len);
  if (n == "prime256v1" || n == "P-256") return "P-256";
  if (n == "secp384r1" || n == "P-384") return "P-384";
  if (n == "secp521r1" || n == "P-521") return "P-521";
  if (n == "secp224r1" || n == "P-224") return "P-224";
  return n;
}

int curve_bytes(const std::string& curve) {
  if (curve == "P-256") return 32;
  if (curve == "P-384") return 48;
  if (curve == "P-521") return 66;
  if (curve == "P-224") return 28;
  return 0;
}

Value num_or_null(const BigNum& n) {
  return n ? bignum_value(n.get()) : Value::null();
}

Value b64url(const BigNum& n, int width = 0) {
  return n ? Value::string(encode_base64(bignum_bytes(n.get(), width), true, false))
           : Value::null();
}

}  // namespace

Value public_key_value(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return Value::object(
          {{Value::string("N"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_N))},
           {Value::string("E"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_E))}});
    case EVP_PKEY_EC:
      return Value::object(
          {{Value::string("Curve"), Value::empty_object()},
           {Value::string("X"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X))},
           {Value::string("Y"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y))}});
    case EVP_PKEY_ED25519: {
      unsigned char raw[32];
      size_t len = sizeof raw;
      if (EVP_PKEY_get_raw_public_key(key, raw, &len) != 1) return Value::null();
      return Value::string(
          encode_base64(std::string_view(reinterpret_cast<char*>(raw), len), false, true));
    }
    default:
      return Value::null();
  }
}

Value private_key_value(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: {
      Value precomputed = Value::object(
          {{Value::string("CRTValues"), Value::empty_array()},
           {Value::string("Dp"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT1))},
           {Value::string("Dq"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT2))},
           {Value::string("Qinv"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1))}});
      return Value::object(
          {{Value::string("N"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_N))},
           {Value::string("E"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_E))},
           {Value::string("D"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_D))},
           {Value::string("Primes"),
            Value::array({num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR1)),
                          num_or_null(bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR2))})},
           {Value::string("Precomputed"), precomputed}});
    }
    case EVP_PKEY_EC:
      return Value::object(
          {{Value::string("Curve"), Value::empty_object()},
           {Value::string("X"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X))},
           {Value::string("Y"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y))},
           {Value::string("D"), num_or_null(bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY))}});
    case EVP_PKEY_ED25519: {
      unsigned char priv[32], pub[32];
      size_t plen = sizeof priv, qlen = sizeof pub;
      if (EVP_PKEY_get_raw_private_key(key, priv, &plen) != 1 ||
          EVP_PKEY_get_raw_public_key(key, pub, &qlen) != 1) {
        return Value::null();
      }
      // ed25519.PrivateKey is seed followed by public key, as bytes.
      std::string both(reinterpret_cast<char*>(priv), plen);
      both.append(reinterpret_cast<char*>(pub), qlen);
      return Value::string(encode_base64(both, false, true));
    }
    default:
      return Value::null();
  }
}

Value private_key_jwk(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return Value::object(
          {{Value::string("kty"), Value::string("RSA")},
           {Value::string("n"), b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_N))},
           {Value::string("e"), b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_E))},
           {Value::string("d"), b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_D))},
           {Value::string("p"), b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR1))},
           {Value::string("q"), b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR2))},
           {Value::string("dp"), b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT1))},
           {Value::string("dq"), b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_EXPONENT2))},
           {Value::string("qi"), b64url(bn_param(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1))}});
    case EVP_PKEY_EC: {
      std::string curve = curve_name(key);
      int width = curve_bytes(curve);
      return Value::object(
          {{Value::string("kty"), Value::string("EC")},
           {Value::string("crv"), Value::string(curve)},
           {Value::string("x"), b64url(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X), width)},
           {Value::string("y"), b64url(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y), width)},
           {Value::string("d"), b64url(bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY), width)}});
    }
    default:
      fail("invalid key type");
  }
}

}  // namespace mg::rego::builtins
