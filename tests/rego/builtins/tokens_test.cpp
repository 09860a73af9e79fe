#include "builtin_call.h"
#include "test_certificates.h"

using namespace mg::rego;
using namespace mg::rego::testing;

namespace {
// The well-known example token from jwt.io, signed with HS256 and "your-256-bit-secret".
constexpr const char* kJwtIo =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

std::string sign(const char* header, const char* claims, const Value& jwk) {
  auto r = call("io.jwt.encode_sign", {json(header), json(claims), jwk});
  REQUIRE(r);
  return std::string(r->as_string());
}

Value leaf_jwk() {
  return *call("crypto.x509.parse_rsa_private_key", {str(kLeafKey)});
}
Value root_jwk() {
  return *call("crypto.x509.parse_rsa_private_key", {str(kRootKey)});
}
Value oct_jwk(const char* secret) {
  std::string k(call("base64url.encode_no_pad", {str(secret)})->as_string());
  return Value::object({{str("kty"), str("oct")}, {str("k"), str(k)}});
}
}  // namespace

TEST_CASE("io.jwt.decode splits header, claims and hex signature") {
  CHECK(eval("io.jwt.decode", {str(kJwtIo)}) ==
        R"([{"alg":"HS256","typ":"JWT"},{"iat":1516239022,"name":"John Doe","sub":"1234567890"},)"
        R"("49f94ac7044948c78a285d904f87f0a4c7897f7e8f3a4eb2255fda750b2cc397"])");
  CHECK(error("io.jwt.decode", {str("abc")}) == "builtin: encoded JWT had no period separators");
  CHECK(error("io.jwt.decode", {str("a.b")}) ==
        "builtin: encoded JWT must have 3 sections, found 2");
  CHECK(error("io.jwt.decode", {str("e30.!!.x")}) ==
        "builtin: JWT payload had invalid encoding: illegal base64 data at input byte 0");
  CHECK(error("io.jwt.decode", {str("WzFd.e30.")}) ==
        "builtin: bad JWT header: decoded JSON type was not an Object");
  CHECK(error("io.jwt.decode", {str("eyJlbmMiOiJ4In0.e30.")}) ==
        "builtin: JWT is a JWE object, which is not supported");
  CHECK(error("io.jwt.decode", {num(1)}) == "type: operand 1 must be string but got number");
}

TEST_CASE("io.jwt.decode keeps the last of repeated claims, as Go's JSON decoding does") {
  CHECK(eval("io.jwt.decode",
             {str("eyJhbGciOiJIUzI1NiIsImFsZyI6Im5vbmUifQ.eyJhIjoxLCJiIjpbXSwiYSI6IsO8In0.")}) ==
        R"([{"alg":"none"},{"a":"ü","b":[]},""])");
}

TEST_CASE("HMAC verification") {
  CHECK(eval("io.jwt.verify_hs256", {str(kJwtIo), str("your-256-bit-secret")}) == "true");
  CHECK(eval("io.jwt.verify_hs256", {str(kJwtIo), str("wrong")}) == "false");
  CHECK(eval("io.jwt.verify_hs512", {str(kJwtIo), str("your-256-bit-secret")}) == "false");
  std::string t = sign(R"({"alg":"HS384"})", R"({"a":1})", oct_jwk("s3cret"));
  CHECK(eval("io.jwt.verify_hs384", {str(t), str("s3cret")}) == "true");
}

TEST_CASE("RSA, RSA-PSS and ECDSA tokens sign and verify with certificates and JWKs") {
  for (const char* alg : {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}) {
    std::string header = std::string(R"({"alg":")") + alg + R"(","typ":"JWT"})";
    std::string t = sign(header.c_str(), R"({"sub":"héllo"})", leaf_jwk());
    std::string name = "io.jwt.verify_" + std::string(alg);
    for (auto& c : name) c = static_cast<char>(std::tolower(c));
    CHECK(eval(name, {str(t), str(kLeafCertificate)}) == "true");
    CHECK(eval(name, {str(t), str(kRootCertificate)}) == "false");
  }
  std::string es = sign(R"({"alg":"ES256"})", R"({"x":true})", root_jwk());
  CHECK(eval("io.jwt.verify_es256", {str(es), str(kRootCertificate)}) == "true");
  CHECK(eval("io.jwt.verify_es256", {str(es), str(kLeafCertificate)}) == "false");
  CHECK(eval("io.jwt.decode", {str(es)}).find(R"({"alg":"ES256"},{"x":true})") !=
        std::string::npos);
  // A public JWK set selects by kid.
  Value jwk = root_jwk();
  std::vector<ObjectEntry> pub;
  for (const auto& [k, v] : jwk.as_object()) {
    if (k.as_string() != "d") pub.emplace_back(k, v);
  }
  pub.emplace_back(str("kid"), str("k1"));
  std::string set = R"({"keys":[)" + to_json(Value::object(pub)) + "]}";
  std::string with_kid = sign(R"({"alg":"ES256","kid":"k1"})", "{}", root_jwk());
  CHECK(eval("io.jwt.verify_es256", {str(with_kid), str(set)}) == "true");
  CHECK(error("io.jwt.verify_rs256", {str(es), str("{")})
            .rfind("builtin: failed to parse a JWK key (set)", 0) == 0);
}

TEST_CASE("io.jwt.decode_verify checks signature and claims") {
  BuiltinContext ctx;
  ctx.now_ns = 1600000000000000000;
  std::string t =
      sign(R"({"alg":"RS256","typ":"JWT"})",
           R"({"iss":"me","aud":["a","b"],"exp":1700000000,"nbf":1500000000})", leaf_jwk());
  auto verify = [&](const std::string& constraints) {
    return to_json(*call("io.jwt.decode_verify", {str(t), json(constraints)}, &ctx));
  };
  std::string cert = to_json(str(kLeafCertificate));
  CHECK(
      verify(R"({"cert":)" + cert + R"(,"iss":"me","aud":"a"})") ==
      R"([true,{"alg":"RS256","typ":"JWT"},{"aud":["a","b"],"exp":1700000000,"iss":"me","nbf":1500000000}])");
  CHECK(verify(R"({"cert":)" + cert + R"(,"aud":"a"})").rfind("[true", 0) == 0);
  CHECK(verify(R"({"cert":)" + cert + R"(})") == "[false,{},{}]");  // aud present, none wanted
  CHECK(verify(R"({"cert":)" + cert + R"(,"aud":"c"})") == "[false,{},{}]");
  CHECK(verify(R"({"cert":)" + cert + R"(,"aud":"a","iss":"you"})") == "[false,{},{}]");
  CHECK(verify(R"({"cert":)" + cert + R"(,"aud":"a","time":1800000000000000000})") ==
        "[false,{},{}]");
  CHECK(verify(R"({"cert":)" + cert + R"(,"aud":"a","time":1400000000000000000})") ==
        "[false,{},{}]");
  CHECK(verify(R"({"cert":)" + cert + R"(,"aud":"a","alg":"RS512"})") == "[false,{},{}]");
  CHECK(verify(R"({"cert":)" + to_json(str(kRootCertificate)) + R"(,"aud":"a"})") ==
        "[false,{},{}]");
  CHECK(error("io.jwt.decode_verify", {str(t), json("{}")}) == "builtin: no key constraint");
  CHECK(error("io.jwt.decode_verify", {str(t), json(R"({"secret":"x","cert":"{}"})")})
            .rfind("builtin: ", 0) == 0);
  CHECK(error("io.jwt.decode_verify", {str(t), json(R"({"secret":"x","colour":1})")}) ==
        "builtin: unknown token validation constraint: colour");
  std::string hs = sign(R"({"alg":"HS256"})", R"({"exp":1700000000})", oct_jwk("k"));
  CHECK(to_json(*call("io.jwt.decode_verify", {str(hs), json(R"({"secret":"k"})")}, &ctx)) ==
        R"([true,{"alg":"HS256"},{"exp":1700000000}])");
}

TEST_CASE("io.jwt.encode_sign_raw and signing errors") {
  std::string jwk = to_json(oct_jwk("secret"));
  auto t = call("io.jwt.encode_sign_raw",
                {str(R"({"alg":"HS256","typ":"JWT"})"), str(R"({"a":1})"), str(jwk)});
  CHECK(t->as_string().substr(0, 37) == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.");
  CHECK(eval("io.jwt.verify_hs256", {*t, str("secret")}) == "true");
  CHECK(error("io.jwt.encode_sign_raw", {str(R"({"alg":"none"})"), str("{}"), str(jwk)}) ==
        "builtin: unknown JWS algorithm: none");
  CHECK(error("io.jwt.encode_sign_raw", {str(R"({"alg":"HS256"})"), str("not json"), str(jwk)}) ==
        "builtin: type is JWT but payload is not JSON");
  CHECK(eval("io.jwt.encode_sign_raw",
             {str(R"({"alg":"HS256","typ":"text"})"), str("plain"), str(jwk)}) != "undefined");
  CHECK(error("io.jwt.encode_sign", {json(R"({"alg":"RS256"})"), json("{}"), oct_jwk("x")})
            .rfind("builtin: failed to sign", 0) == 0);
}

TEST_CASE("io.jwt.encode_sign signs the Rego text of header and claims, as OPA does") {
  // OPA signs Term.String() (`{"a": 1, "b": "é"}`), not compact JSON, so the same inputs
  // must give the token encode_sign_raw gives for that text.
  Value jwk = oct_jwk("k3y");
  std::string token = sign(R"({"typ":"JWT","alg":"HS256"})", R"({"b":"é","a":[1,2.5]})", jwk);
  auto raw =
      call("io.jwt.encode_sign_raw", {str(R"({"alg": "HS256", "typ": "JWT"})"),
                                      str(R"({"a": [1, 2.5], "b": "é"})"), str(to_json(jwk))});
  REQUIRE(raw);
  CHECK(token == raw->as_string());
  auto dot = token.find('.');
  CHECK(eval("base64url.decode", {str(token.substr(0, dot))}) ==
        R"("{\"alg\": \"HS256\", \"typ\": \"JWT\"}")");
  CHECK(eval("io.jwt.verify_hs256", {str(token), str("k3y")}) == "true");
}
