// uri.parse and uri.is_valid. OPA answers both with Go's net/url.Parse, so this follows that
// parser's rules (which are looser than RFC 3986 in places) rather than the RFC itself.

#include <arpa/inet.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/go_format.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;

// What a part of the URL may hold; percent-escapes and raw bytes are judged per part.
enum class Part { Path, Host, Zone, UserPassword, Fragment };

struct Url {
  std::string scheme;
  std::string host;  // with the port, IPv6 literals in brackets
  std::string path;
  std::string raw_path;  // set only when the path's spelling is not the default escaping
  std::string raw_query;
  std::string fragment;
};

// Parse failures carry Go's wording, which OPA passes on as the builtin error.
struct ParseError {
  std::string message;
};

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  return (c | 0x20) - 'a' + 10;
}

bool should_escape(unsigned char c, Part part) {
  if (is_alpha(static_cast<char>(c)) || is_digit(static_cast<char>(c))) return false;
  if (part == Part::Host || part == Part::Zone) {
    // Sub-delimiters, the port colon, IPv6 brackets, and the few bytes a host could not
    // %-escape anyway.
    if (std::string_view("!$&'()*+,;=:[]<>\"").find(static_cast<char>(c)) !=
        std::string_view::npos) {
      return false;
    }
  }
  if (c == '-' || c == '_' || c == '.' || c == '~') return false;
  if (std::string_view("$&+,/:;=?@").find(static_cast<char>(c)) != std::string_view::npos) {
    switch (part) {
      case Part::Path:
        return c == '?';
      case Part::UserPassword:
        return c == '@' || c == '/' || c == '?' || c == ':';
      case Part::Fragment:
        return false;
      default:
        break;
    }
  }
  if (part == Part::Fragment && (c == '!' || c == '(' || c == ')' || c == '*')) return false;
  return true;
}

std::string escape(std::string_view s, Part part) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (should_escape(c, part)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

std::string unescape(std::string_view s, Part part) {
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
        throw ParseError{"invalid URL escape \"" + std::string(s.substr(i, 3)) + "\""};
      }
      std::string_view escape3 = s.substr(i, 3);
      // A host may %-escape only non-ASCII bytes, except the "%25" of an IPv6 zone.
      if (part == Part::Host && hex_value(s[i + 1]) < 8 && escape3 != "%25") {
        throw ParseError{"invalid URL escape \"" + std::string(escape3) + "\""};
      }
      if (part == Part::Zone) {
        auto v = static_cast<unsigned char>(hex_value(s[i + 1]) << 4 | hex_value(s[i + 2]));
        if (escape3 != "%25" && v != ' ' && should_escape(v, Part::Host)) {
          throw ParseError{"invalid URL escape \"" + std::string(escape3) + "\""};
        }
      }
      i += 3;
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    if ((part == Part::Host || part == Part::Zone) && c < 0x80 && should_escape(c, part)) {
      throw ParseError{"invalid character \"" + std::string(1, s[i]) + "\" in host name"};
    }
    ++i;
  }
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      out += static_cast<char>(hex_value(s[i + 1]) << 4 | hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool valid_optional_port(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  return std::all_of(port.begin() + 1, port.end(), is_digit);
}

bool valid_userinfo(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return is_alpha(c) || is_digit(c) ||
           std::string_view("-._:~!$&'()*+,;=%@").find(c) != std::string_view::npos;
  });
}

bool is_ipv6(const std::string& text) {
  in6_addr addr{};
  return inet_pton(AF_INET6, text.c_str(), &addr) == 1;
}

std::string parse_host(std::string_view host) {
  if (!host.empty() && host[0] == '[') {
    size_t close = host.rfind(']');
    if (close == std::string_view::npos) throw ParseError{"missing ']' in host"};
    std::string_view colon_port = host.substr(close + 1);
    if (!valid_optional_port(colon_port)) {
      throw ParseError{"invalid port \"" + std::string(colon_port) + "\" after host"};
    }
    // Only an IPv6 address may stand in brackets (Go rejects IPv4 and names there since
    // its 2025 security fix); an RFC 6874 zone follows it as "%25zone".
    std::string_view literal = host.substr(1, close - 1);
    size_t zone = literal.find("%25");
    std::string address = unescape(literal.substr(0, zone), Part::Host);
    std::string zone_text =
        zone == std::string_view::npos ? std::string() : unescape(literal.substr(zone), Part::Zone);
    if (!is_ipv6(address)) throw ParseError{"invalid IP-literal"};
    return "[" + address + zone_text + "]" + unescape(colon_port, Part::Host);
  }
  // Outside brackets a colon can only introduce the port (Go 1.26 rejects "::1" or
  // "host:80:80" here).
  if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    std::string_view colon_port = host.substr(colon);
    if (!valid_optional_port(colon_port)) {
      throw ParseError{"invalid port \"" + std::string(colon_port) + "\" after host"};
    }
  }
  return unescape(host, Part::Host);
}

std::string parse_authority(std::string_view authority) {
  size_t at = authority.rfind('@');
  std::string host =
      parse_host(at == std::string_view::npos ? authority : authority.substr(at + 1));
  if (at != std::string_view::npos) {
    // The user information is checked but, as in OPA, not reported.
    std::string_view userinfo = authority.substr(0, at);
    if (!valid_userinfo(userinfo)) throw ParseError{"net/url: invalid userinfo"};
    size_t colon = userinfo.find(':');
    unescape(userinfo.substr(0, colon), Part::UserPassword);
    if (colon != std::string_view::npos) unescape(userinfo.substr(colon + 1), Part::UserPassword);
  }
  return host;
}

// The scheme and the rest; no scheme when the text does not start with one.
std::pair<std::string, std::string_view> split_scheme(std::string_view url) {
  for (size_t i = 0; i < url.size(); ++i) {
    char c = url[i];
    if (is_alpha(c)) continue;
    if (is_digit(c) || c == '+' || c == '-' || c == '.') {
      if (i == 0) return {"", url};
      continue;
    }
    if (c == ':') {
      if (i == 0) throw ParseError{"missing protocol scheme"};
      std::string scheme(url.substr(0, i));
      std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                     [](char ch) { return is_alpha(ch) ? static_cast<char>(ch | 0x20) : ch; });
      return {scheme, url.substr(i + 1)};
    }
    return {"", url};
  }
  return {"", url};
}

void set_path(Url& url, std::string_view raw) {
  url.path = unescape(raw, Part::Path);
  if (escape(url.path, Part::Path) != raw) url.raw_path = std::string(raw);
}

// Everything before the '#': scheme, query, then authority and path, or an opaque rest.
void parse_before_fragment(Url& url, std::string_view rest) {
  auto [scheme, after_scheme] = split_scheme(rest);
  url.scheme = scheme;
  rest = after_scheme;
  if (!rest.empty() && rest.back() == '?' && std::count(rest.begin(), rest.end(), '?') == 1) {
    rest.remove_suffix(1);
  } else if (size_t q = rest.find('?'); q != std::string_view::npos) {
    url.raw_query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  if (rest.empty() || rest[0] != '/') {
    if (!url.scheme.empty()) return;  // a rootless path after a scheme is opaque
    std::string_view segment = rest.substr(0, rest.find('/'));
    if (segment.find(':') != std::string_view::npos) {
      throw ParseError{"first path segment in URL cannot contain colon"};
    }
  }
  bool authority = rest.starts_with("//") && (!url.scheme.empty() || !rest.starts_with("///"));
  if (authority) {
    std::string_view auth = rest.substr(2);
    size_t slash = auth.find('/');
    rest = slash == std::string_view::npos ? std::string_view() : auth.substr(slash);
    url.host = parse_authority(auth.substr(0, slash));
  }
  set_path(url, rest);
}

Url parse_url(std::string_view text) {
  size_t hash = text.find('#');
  std::string_view rest = text.substr(0, hash);
  if (std::any_of(rest.begin(), rest.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    throw ParseError{"net/url: invalid control character in URL"};
  }
  Url url;
  if (rest == "*") {
    url.path = "*";
  } else {
    parse_before_fragment(url, rest);
  }
  if (hash != std::string_view::npos)
    url.fragment = unescape(text.substr(hash + 1), Part::Fragment);
  return url;
}

// Go's URL.Hostname and URL.Port: the port is what follows the last colon when it is all
// digits, and brackets come off an IPv6 literal.
std::pair<std::string_view, std::string_view> split_host_port(std::string_view host) {
  std::string_view port;
  if (size_t colon = host.rfind(':');
      colon != std::string_view::npos && valid_optional_port(host.substr(colon))) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return {host, port};
}

std::optional<Value> uri_parse(BuiltinContext&, Args args) {
  std::string_view text = string_operand(args, 1);
  Url url;
  try {
    url = parse_url(text);
  } catch (const ParseError& e) {
    fail("parse " + go_quote(text) + ": " + e.message);
  }
  std::vector<ObjectEntry> out;
  auto put = [&](const char* key, std::string_view value) {
    if (!value.empty()) out.emplace_back(Value::string(key), Value::string(value));
  };
  auto [hostname, port] = split_host_port(url.host);
  put("scheme", url.scheme);
  put("hostname", hostname);
  put("port", port);
  put("path", url.path);
  // OPA always gives raw_path with a path, so that policies can normalise it themselves.
  if (!url.path.empty()) put("raw_path", url.raw_path.empty() ? url.path : url.raw_path);
  put("raw_query", url.raw_query);
  put("fragment", url.fragment);
  return Value::object(std::move(out));
}

// False, not an error, for anything that is not a string OPA could parse; OPA also turns
// down the empty string, which Go would take as an empty relative reference.
std::optional<Value> uri_is_valid(BuiltinContext&, Args args) {
  if (!args[0].is_string() || args[0].as_string().empty()) return Value::boolean(false);
  try {
    parse_url(args[0].as_string());
  } catch (const ParseError&) {
    return Value::boolean(false);
  }
  return Value::boolean(true);
}

}  // namespace

void add_uri(std::vector<Builtin>& table) {
  using namespace decl;
  table.push_back(
      make_builtin("uri.parse", 1, function({string()}, object_of(string(), string())), uri_parse));
  table.push_back(make_builtin("uri.is_valid", 1, function({string()}, boolean()), uri_is_valid));
}

}  // namespace mg::rego::builtins
