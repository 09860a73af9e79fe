#pragma once

// JSON Web Keys (RFC 7517) for the io.jwt.* builtins: RSA, EC (P-256/384/521), OKP
// (Ed25519) and oct (HMAC secrets), single keys or {"keys": [...]} sets; and the JWS
// signature algorithms (RFC 7518) over OpenSSL.

#include <string>
#include <string_view>
#include <vector>

#include "rego/builtins/crypto_util.h"

namespace mg::rego::builtins {

struct Jwk {
  PKey key;            // asymmetric keys
  std::string secret;  // oct keys
  std::string alg;     // "alg" member, may be empty
  std::string kid;     // "kid" member, may be empty
};

// Parses one JWK or a JWK set. Throws BuiltinError on malformed input.
std::vector<Jwk> parse_jwks(std::string_view json);

// The verification keys in a PEM certificate, PEM public key, or JWK (set), as OPA's
// getKeysFromCertOrJWK reads them.
std::vector<Jwk> verification_keys(std::string_view text);

bool is_jws_algorithm(std::string_view alg);

// Verifies `signature` over `input` with `alg` (RS*, PS*, ES*, EdDSA, HS*). False for a
// bad signature or a key that does not fit the algorithm.
bool jws_verify(std::string_view alg, const Jwk& key, std::string_view input,
                std::string_view signature);

// Signs `input` with `alg`; throws BuiltinError when the key does not fit.
std::string jws_sign(std::string_view alg, const Jwk& key, std::string_view input);

}  // namespace mg::rego::builtins
