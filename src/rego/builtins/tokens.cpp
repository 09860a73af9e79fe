// io.jwt.*: decoding, signature verification and signing of JSON Web Tokens (JWS compact
// serialization), following OPA's topdown/tokens.go.

#include <optional>
#include <string>

#include "rego/builtins/crypto_util.h"
#include "rego/builtins/decl.h"
#include "rego/builtins/encoding_parts.h"
#include "rego/builtins/families.h"
#include "rego/builtins/go_format.h"
#include "rego/builtins/jwk.h"
#include "rego/builtins/operands.h"
#include "rego/value/json.h"

namespace mg::rego::builtins {

namespace {

struct Token {
  std::string header, payload, signature;  // the three base64url sections
  Value decoded_header;
};

// base64url.decode as OPA does it: missing padding restored.
std::string base64url_decode(std::string s) {
  if (s.empty() || s.back() != '=') {
    switch (s.size() % 4) {
      case 2:
        s += "==";
        break;
      case 3:
        s += "=";
        break;
      case 1:
        fail("illegal base64url string: " + s);
      default:
        break;
    }
  }
  return decode_base64(s, true, true);
}

Token split_token(const Value& v) {
  if (!v.is_string()) throw_operand_types(1, {"string"}, v);
  std::string_view text = v.as_string();
  if (text.find('.') == std::string_view::npos) fail("encoded JWT had no period separators");
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    parts.emplace_back(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (parts.size() != 3)
    fail("encoded JWT must have 3 sections, found " + std::to_string(parts.size()));
  return Token{parts[0], parts[1], parts[2], Value::null()};
}

Value json_object(const std::string& text) {
  auto parsed = parse_go_json(text);
  if (auto* e = std::get_if<JsonError>(&parsed)) fail("invalid JSON: " + e->message);
  Value v = std::get<Value>(std::move(parsed));
  if (!v.is_object()) fail("decoded JSON type was not an Object");
  return v;
}

void decode_header(Token& token) {
  std::string text;
  try {
    text = base64url_decode(token.header);
  } catch (const BuiltinError& e) {
    fail(std::string("JWT header had invalid encoding: ") + e.what());
  }
  try {
    token.decoded_header = json_object(text);
  } catch (const BuiltinError& e) {
    fail(std::string("bad JWT header: ") + e.what());
  }
  if (token.decoded_header.get("enc")) fail("JWT is a JWE object, which is not supported");
}

std::string decode_part(const std::string& part, const char* what) {
  try {
    return base64url_decode(part);
  } catch (const BuiltinError& e) {
    fail(std::string("JWT ") + what + " had invalid encoding: " + e.what());
  }
}

std::string trim_quotes(const std::string& s) {
  size_t start = s.find_first_not_of("\"'");
  if (start == std::string::npos) return "";
  size_t end = s.find_last_not_of("\"'");
  return s.substr(start, end - start + 1);
}

Value decode(const Value& jwt) {
  Token token = split_token(jwt);
  decode_header(token);
  std::string payload = decode_part(token.payload, "payload");
  if (const Value* cty = token.decoded_header.get("cty");
      cty && cty->is_string() && cty->as_string() == "JWT") {
    // A nested token: its text is the payload, possibly quoted.
    return decode(Value::string(trim_quotes(payload)));
  }
  Value claims = json_object(payload);
  std::string signature = decode_part(token.signature, "signature");
  return Value::array({token.decoded_header, claims, Value::string(hex_string(signature))});
}

std::optional<Value> jwt_decode(BuiltinContext&, std::span<const Value> args) {
  return decode(operand(args, 1));
}

std::string signing_input(const Token& t) {
  return t.header + "." + t.payload;
}

// io.jwt.verify_<alg>: the key is a PEM certificate or public key, or a JWK (set).
Builtin verify_builtin(const char* alg) {
  std::string algorithm(alg);
  std::string name = "io.jwt.verify_" + std::string(alg);
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto fn = [algorithm](BuiltinContext&, std::span<const Value> args) -> std::optional<Value> {
    if (algorithm.starts_with("HS")) {
      string_operand(args, 1);
      std::string_view secret = string_operand(args, 2);
      Token token = split_token(operand(args, 1));
      std::string signature = base64url_decode(token.signature);
      Jwk key;
      key.secret = secret;
      return Value::boolean(jws_verify(algorithm, key, signing_input(token), signature));
    }
    Token token = split_token(operand(args, 1));
    std::vector<Jwk> keys = verification_keys(string_operand(args, 2));
    std::string signature = base64url_decode(token.signature);
    decode_header(token);
    std::string kid;
    std::string header_alg;
    for (const auto& [k, v] : token.decoded_header.as_object()) {
      if (!k.is_string()) continue;
      std::string_view name = k.as_string();
      if ((name == "kid" || name == "alg" || name == "typ" || name == "cty") && !v.is_string()) {
        fail(std::string(name) + ": must be a string");
      }
      if (name == "kid") kid = v.as_string();
      if (name == "alg") header_alg = v.as_string();
    }
    std::string input = signing_input(token);
    if (!kid.empty()) {
      for (const auto& key : keys) {
        if (key.kid == kid) return Value::boolean(jws_verify(algorithm, key, input, signature));
      }
    }
    for (const auto& key : keys) {
      if (!key.alg.empty() && key.alg != header_alg) continue;
      if (jws_verify(algorithm, key, input, signature)) return Value::boolean(true);
    }
    return Value::boolean(false);
  };
  return make_builtin(name, 2, decl::function({decl::string(), decl::string()}, decl::boolean()),
                      fn);
}

// --- io.jwt.decode_verify ---------------------------------------------------------------------

struct Constraints {
  std::optional<std::vector<Jwk>> keys;
  std::string secret, alg, iss, aud;
  double time_ns = -1;
};

double time_constraint(const Value& v) {
  if (!v.is_number()) fail("token time constraint: must be a number");
  double t = v.as_double();
  if (t < 0) fail("token time constraint: must not be negative");
  return t;
}

Constraints parse_constraints(const Value& object, const BuiltinContext& ctx) {
  Constraints c;
  for (const auto& [key, constraint_value] : object.as_object()) {
    const Value& value = constraint_value;  // clang 14 lambdas cannot capture structured bindings
    std::string name = key.is_string() ? std::string(key.as_string()) : to_json(key);
    auto string_constraint = [&](std::string& target) {
      if (!value.is_string()) fail(name + " constraint: must be a string");
      target = value.as_string();
    };
    if (name == "cert") {
      if (!value.is_string()) fail("cert constraint: must be a string");
      c.keys = verification_keys(value.as_string());
    } else if (name == "secret") {
      string_constraint(c.secret);
    } else if (name == "alg") {
      string_constraint(c.alg);
    } else if (name == "iss") {
      string_constraint(c.iss);
    } else if (name == "aud") {
      string_constraint(c.aud);
    } else if (name == "time") {
      c.time_ns = time_constraint(value);
    } else {
      fail("unknown token validation constraint: " + name);
    }
  }
  if (c.time_ns == -1) c.time_ns = time_constraint(Value::integer(ctx.now_ns));
  int key_constraints = (c.keys ? 1 : 0) + (c.secret.empty() ? 0 : 1);
  if (key_constraints > 1) fail("duplicate key constraints");
  if (key_constraints < 1) fail("no key constraint");
  return c;
}

struct Header {
  std::string alg, kid, cty;
  bool valid = true;
};

Header parse_header(const Value& header) {
  Header h;
  std::vector<std::string> unknown;
  std::vector<std::string> critical;
  bool has_crit = false;
  for (const auto& [k, v] : header.as_object()) {
    std::string name = k.is_string() ? std::string(k.as_string()) : to_json(k);
    if (name == "alg" || name == "kid" || name == "typ" || name == "cty") {
      if (!v.is_string()) fail(name + ": must be a string");
      if (name == "alg") h.alg = v.as_string();
      if (name == "kid") h.kid = v.as_string();
      if (name == "cty") h.cty = v.as_string();
    } else if (name == "crit") {
      if (!v.is_array()) fail("crit: must be a list");
      has_crit = true;
      for (const Value& c : v.as_array()) {
        if (c.is_string()) critical.emplace_back(c.as_string());
      }
      if (critical.empty()) fail("crit: must be a nonempty list");
    } else {
      unknown.push_back(name);
    }
  }
  if (h.alg.empty()) h.valid = false;
  if (has_crit) {
    for (const auto& u : unknown) {
      for (const auto& c : critical) {
        if (u == c) h.valid = false;
      }
    }
  }
  return h;
}

bool signature_verifies(const Constraints& c, const Header& h, const std::string& input,
                        const std::string& sig) {
  if (c.keys) {
    if (!h.kid.empty()) {
      for (const auto& key : *c.keys) {
        if (key.kid == h.kid) return jws_verify(h.alg, key, input, sig);
      }
    }
    for (const auto& key : *c.keys) {
      if (!key.alg.empty() && key.alg != h.alg) continue;
      if (jws_verify(h.alg, key, input, sig)) return true;
    }
    return false;
  }
  Jwk secret;
  secret.secret = c.secret;
  return jws_verify(h.alg, secret, input, sig);
}

bool valid_audience(const Value& aud, const std::string& wanted) {
  if (aud.is_string()) return aud.as_string() == wanted;
  if (!aud.is_array()) return false;
  for (const Value& a : aud.as_array()) {
    if (a.is_string() && a.as_string() == wanted) return true;
  }
  return false;
}

std::optional<Value> decode_verify(BuiltinContext& ctx, std::span<const Value> args) {
  const Value& constraints_object = object_operand(args, 2);
  Value unverified =
      Value::array({Value::boolean(false), Value::empty_object(), Value::empty_object()});
  Constraints c = parse_constraints(constraints_object, ctx);
  Value jwt = operand(args, 1);
  Token token;
  std::string payload;
  while (true) {
    token = split_token(jwt);
    decode_header(token);
    Header h = parse_header(token.decoded_header);
    if (!h.valid) return unverified;
    if (!c.alg.empty() && c.alg != h.alg) return unverified;
    std::string signature = base64url_decode(token.signature);
    if (!signature_verifies(c, h, signing_input(token), signature)) return unverified;
    payload = decode_part(token.payload, "payload");
    if (h.cty.size() == 3 && std::toupper(h.cty[0]) == 'J' && std::toupper(h.cty[1]) == 'W' &&
        std::toupper(h.cty[2]) == 'T') {
      jwt = Value::string(payload);
      continue;
    }
    break;
  }
  Value claims = json_object(payload);
  if (!c.iss.empty()) {
    const Value* iss = claims.get("iss");
    if (!iss || !iss->is_string() || iss->as_string() != c.iss) return unverified;
  }
  if (const Value* aud = claims.get("aud")) {
    if (!valid_audience(*aud, c.aud)) return unverified;
  } else if (!c.aud.empty()) {
    return unverified;
  }
  double now = c.time_ns / 1e9;
  if (const Value* exp = claims.get("exp")) {
    if (!exp->is_number()) fail("exp value must be a number");
    if (now >= exp->as_double()) return unverified;
  }
  if (const Value* nbf = claims.get("nbf")) {
    if (!nbf->is_number()) fail("nbf value must be a number");
    if (now < nbf->as_double()) return unverified;
  }
  return Value::array({Value::boolean(true), token.decoded_header, claims});
}

// --- signing ----------------------------------------------------------------------------------

std::string encode_sign(const std::string& header_json, const std::string& payload,
                        const std::string& jwk_json) {
  std::vector<Jwk> keys = parse_jwks(jwk_json);
  if (keys.empty()) fail("no keys found in JWK set");
  auto header = parse_go_json(header_json);
  const Value* alg =
      std::holds_alternative<Value>(header) ? std::get<Value>(header).get("alg") : nullptr;
  if (alg == nullptr || !alg->is_string())
    fail("missing or invalid 'alg' header: header \"alg\" not found");
  std::string algorithm(alg->as_string());
  if (!is_jws_algorithm(algorithm)) fail("unknown JWS algorithm: " + algorithm);
  const Value* typ = std::get<Value>(header).get("typ");
  bool typ_is_jwt = typ == nullptr || !typ->is_string() || typ->as_string() == "JWT";
  if (typ_is_jwt && !std::holds_alternative<Value>(parse_go_json(payload))) {
    fail("type is JWT but payload is not JSON");
  }
  std::string input =
      encode_base64(header_json, true, false) + "." + encode_base64(payload, true, false);
  std::string signature = jws_sign(algorithm, keys.front(), input);
  return input + "." + encode_base64(signature, true, false);
}

// OPA signs the Rego text of the header and payload objects (`{"alg": "HS256"}`, with the
// spaces), not compact JSON, so tokens match OPA's byte for byte.
std::optional<Value> jwt_encode_sign(BuiltinContext&, std::span<const Value> args) {
  return Value::string(encode_sign(rego_text(operand(args, 1)), rego_text(operand(args, 2)),
                                   rego_text(operand(args, 3))));
}

std::optional<Value> jwt_encode_sign_raw(BuiltinContext&, std::span<const Value> args) {
  std::string jwk(string_operand(args, 3));
  std::string header(string_operand(args, 1));
  std::string payload(string_operand(args, 2));
  return Value::string(encode_sign(header, payload, jwk));
}

}  // namespace

void add_tokens(std::vector<Builtin>& table) {
  using namespace decl;
  const Type object = object_of(string(), any());
  table.push_back(make_builtin("io.jwt.decode", 1,
                               function({string()}, array_static({object, object, string()})),
                               jwt_decode));
  table.push_back(make_builtin(
      "io.jwt.decode_verify", 2,
      function({string(), object_of(string(), any())}, array_static({boolean(), object, object})),
      decode_verify, true));
  for (const char* alg : {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
                          "ES512", "HS256", "HS384", "HS512", "EdDSA"}) {
    table.push_back(verify_builtin(alg));
  }
  table.push_back(make_builtin("io.jwt.encode_sign", 3,
                               function({object, object, object}, string()), jwt_encode_sign,
                               true));
  table.push_back(make_builtin("io.jwt.encode_sign_raw", 3,
                               function({string(), string(), string()}, string()),
                               jwt_encode_sign_raw, true));
}

}  // namespace mg::rego::builtins
