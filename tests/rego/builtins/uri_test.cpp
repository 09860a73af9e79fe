#include "builtin_call.h"

using namespace mg::rego;
using namespace mg::rego::testing;

namespace {

std::string parse(const char* uri) {
  return eval("uri.parse", {str(uri)});
}

bool valid(const Value& uri) {
  return eval("uri.is_valid", {uri}) == "true";
}

}  // namespace

TEST_CASE("uri.parse reports the components that are present") {
  CHECK(parse("https://user:secret@Example.org:8443/a/b?x=1&y=%20#top") ==
        R"({"fragment":"top","hostname":"Example.org","path":"/a/b","port":"8443",)"
        R"("raw_path":"/a/b","raw_query":"x=1&y=%20","scheme":"https"})");
  // The scheme is lower-cased; a lone trailing "?" is an empty query.
  CHECK(parse("HTTP://h?") == R"({"hostname":"h","scheme":"http"})");
  CHECK(parse("http://h:/") == R"({"hostname":"h","path":"/","raw_path":"/","scheme":"http"})");
  CHECK(parse("//cdn.example/x") == R"({"hostname":"cdn.example","path":"/x","raw_path":"/x"})");
  CHECK(parse("*") == R"({"path":"*","raw_path":"*"})");
  CHECK(parse("") == "{}");
}

TEST_CASE("uri.parse decodes the path and keeps its spelling in raw_path") {
  // raw_path is the path itself when the default escaping spells it the same way.
  CHECK(parse("http://h/a%20b") ==
        R"({"hostname":"h","path":"/a b","raw_path":"/a b","scheme":"http"})");
  // An escaped slash is not what escaping the decoded path gives back.
  CHECK(parse("http://h/a%2Fb") ==
        R"({"hostname":"h","path":"/a/b","raw_path":"/a%2Fb","scheme":"http"})");
  CHECK(parse("/grüße/%E2%82%AC") == R"({"path":"/grüße/€","raw_path":"/grüße/%E2%82%AC"})");
  CHECK(parse("http://h/#caf%C3%A9%21") ==
        R"({"fragment":"café!","hostname":"h","path":"/","raw_path":"/","scheme":"http"})");
}

TEST_CASE("uri.parse treats a rootless path after a scheme as opaque") {
  CHECK(parse("mailto:someone@example.org") == R"({"scheme":"mailto"})");
  CHECK(parse("urn:isbn:0451450523?x#f") == R"({"fragment":"f","raw_query":"x","scheme":"urn"})");
}

TEST_CASE("uri.parse reads IPv6 literals and their zones") {
  CHECK(parse("http://[::1]:80/") ==
        R"({"hostname":"::1","path":"/","port":"80","raw_path":"/","scheme":"http"})");
  CHECK(parse("http://[fe80::a%25en0]/") ==
        R"({"hostname":"fe80::a%en0","path":"/","raw_path":"/","scheme":"http"})");
}

TEST_CASE("uri.parse fails with Go's message for what net/url rejects") {
  CHECK(error("uri.parse", {str("http://a\tb")}) ==
        R"(builtin: parse "http://a\tb": net/url: invalid control character in URL)");
  CHECK(error("uri.parse", {str(":x")}) == R"(builtin: parse ":x": missing protocol scheme)");
  CHECK(error("uri.parse", {str("a:b")}) == "no error");
  CHECK(error("uri.parse", {str("1a:b")}) ==
        R"(builtin: parse "1a:b": first path segment in URL cannot contain colon)");
  CHECK(error("uri.parse", {str("http://h/%zz")}) ==
        R"(builtin: parse "http://h/%zz": invalid URL escape "%zz")");
  CHECK(error("uri.parse", {str("http://h:8x/")}) ==
        R"(builtin: parse "http://h:8x/": invalid port ":8x" after host)");
  CHECK(error("uri.parse", {str("http://[::1/")}) ==
        R"(builtin: parse "http://[::1/": missing ']' in host)");
  CHECK(error("uri.parse", {str("http://a b/")}) ==
        R"(builtin: parse "http://a b/": invalid character " " in host name)");
  CHECK(error("uri.parse", {str("http://%41/")}) ==
        R"(builtin: parse "http://%41/": invalid URL escape "%41")");
  CHECK(error("uri.parse", {str("http://u<v@h/")}) ==
        R"(builtin: parse "http://u<v@h/": net/url: invalid userinfo)");
  CHECK(error("uri.parse", {num(1)}) == "type: operand 1 must be string but got number");
}

TEST_CASE("uri.is_valid answers false rather than failing") {
  CHECK(valid(str("http://example.org/path")));
  CHECK(valid(str("relative/path?q")));
  CHECK(valid(str("http://[2001:db8::1]:443")));
  CHECK(valid(str("http://xn--bcher-kva.example/")));
  CHECK(
      valid(str("http://b\xC3\xBC"
                "cher.example/")));  // raw UTF-8 is allowed in a host
  CHECK_FALSE(valid(str("")));       // OPA turns down the empty reference
  CHECK_FALSE(valid(str("http://a\x7f")));
  CHECK_FALSE(valid(str("http://[1.2.3.4]/")));  // brackets hold IPv6 only
  CHECK_FALSE(valid(str("http://[example.org]/")));
  CHECK_FALSE(valid(str("http://::1/")));  // a bare colon outside brackets must start a port
  CHECK_FALSE(valid(str("http://h:80:80/")));
  CHECK_FALSE(valid(str("http://[fe80::1%25%00]/")));
  CHECK_FALSE(valid(num(1)));
  CHECK_FALSE(valid(json("[]")));
}
