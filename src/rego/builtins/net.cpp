// net.cidr_*: CIDR arithmetic for IPv4 and IPv6, parsed and printed as Go's net package
// does (OPA's topdown/cidr.go). net.lookup_ip_addr is left out: no network access.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using u128 = unsigned __int128;

struct Address {
  bool v4 = true;
  u128 value = 0;
  int bits() const { return v4 ? 32 : 128; }
};

struct Network {
  Address ip;      // as written for cidr_merge's bare IPs; masked for parsed CIDRs
  int prefix = 0;  // mask length
};

u128 mask_of(int prefix, int bits) {
  if (prefix == 0) return 0;
  u128 all = bits == 32 ? u128(0xffffffffu) : ~u128(0);
  return (all << (bits - prefix)) & all;
}

u128 host_mask(int prefix, int bits) {
  u128 all = bits == 32 ? u128(0xffffffffu) : ~u128(0);
  return all & ~mask_of(prefix, bits);
}

std::optional<int> decimal(std::string_view s, int max) {
  if (s.empty() || s.size() > 3) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v <= max ? std::optional<int>(v) : std::nullopt;
}

std::optional<uint32_t> parse_ipv4(std::string_view s) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    size_t dot = s.find('.');
    if ((i < 3) == (dot == std::string_view::npos)) return std::nullopt;
    std::string_view part = s.substr(0, dot);
    // Go rejects leading zeros, which some parsers read as octal.
    if (part.size() > 1 && part[0] == '0') return std::nullopt;
    auto octet = decimal(part, 255);
    if (!octet) return std::nullopt;
    value = (value << 8) | static_cast<uint32_t>(*octet);
    s = i < 3 ? s.substr(dot + 1) : std::string_view();
  }
  return value;
}

std::optional<u128> parse_ipv6(std::string_view s) {
  std::vector<uint32_t> head, tail;
  bool ellipsis = false;
  std::vector<uint32_t>* groups = &head;
  if (s.substr(0, 2) == "::") {
    ellipsis = true;
    groups = &tail;
    s.remove_prefix(2);
  }
  while (!s.empty()) {
    size_t colon = s.find(':');
    std::string_view part = s.substr(0, colon);
    if (colon == std::string_view::npos && part.find('.') != std::string_view::npos) {
      auto v4 = parse_ipv4(part);
      if (!v4) return std::nullopt;
      groups->push_back(*v4 >> 16);
      groups->push_back(*v4 & 0xffff);
      break;
    }
    if (part.empty() || part.size() > 4) return std::nullopt;
    uint32_t g = 0;
    for (char c : part) {
      int d =
          std::isxdigit(static_cast<unsigned char>(c))
              ? (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10)
              : -1;
      if (d < 0) return std::nullopt;
      g = g * 16 + static_cast<uint32_t>(d);
    }
    groups->push_back(g);
    if (colon == std::string_view::npos) break;
    s.remove_prefix(colon + 1);
    if (!s.empty() && s[0] == ':') {
      if (ellipsis) return std::nullopt;
      ellipsis = true;
      groups = &tail;
      s.remove_prefix(1);
    } else if (s.empty()) {
      return std::nullopt;  // trailing single colon
    }
  }
  size_t count = head.size() + tail.size();
  if ((ellipsis && count > 7) || (!ellipsis && count != 8)) return std::nullopt;
  std::vector<uint32_t> all = head;
  all.resize(8 - tail.size(), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  u128 value = 0;
  for (uint32_t g : all) value = (value << 16) | g;
  return value;
}

// net.ParseIP. IPv4-mapped IPv6 addresses count as IPv4, as Go's To4 makes them.
std::optional<Address> parse_ip(std::string_view s) {
  if (auto v4 = parse_ipv4(s)) return Address{true, *v4};
  if (s.find(':') == std::string_view::npos) return std::nullopt;
  auto v6 = parse_ipv6(s);
  if (!v6) return std::nullopt;
  return Address{false, *v6};
}

Address unmapped(Address a) {
  if (!a.v4 && (a.value >> 32) == 0xffff) return Address{true, a.value & 0xffffffffu};
  return a;
}

// net.ParseCIDR: the network address (masked) and prefix length.
std::optional<Network> parse_cidr(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = parse_ip(s.substr(0, slash));
  if (!ip) return std::nullopt;
  auto prefix = decimal(s.substr(slash + 1), ip->bits());
  if (!prefix) return std::nullopt;
  ip->value &= mask_of(*prefix, ip->bits());
  return Network{*ip, *prefix};
}

Network cidr_operand(const Value& v) {
  if (!v.is_string()) throw_operand_types(1, {"string"}, v);
  auto n = parse_cidr(v.as_string());
  if (!n) fail("invalid CIDR address: " + std::string(v.as_string()));
  return *n;
}

bool contains(const Network& n, Address ip) {
  Address network = n.ip;
  int prefix = n.prefix;
  // An IPv4-mapped network with a /96+ mask behaves as IPv4, as Go's Contains does.
  if (!network.v4 && (network.value >> 32) == 0xffff && prefix >= 96) {
    network = unmapped(network);
    prefix -= 96;
  }
  ip = unmapped(ip);
  if (ip.v4 != network.v4) return false;
  u128 m = mask_of(prefix, network.bits());
  return (ip.value & m) == (network.value & m);
}

Address last_address(const Network& n) {
  return Address{n.ip.v4, n.ip.value | host_mask(n.prefix, n.ip.bits())};
}

std::string ip_text(const Address& a) {
  if (a.v4) {
    auto v = static_cast<uint32_t>(a.value);
    return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." +
           std::to_string((v >> 8) & 255) + "." + std::to_string(v & 255);
  }
  if ((a.value >> 32) == 0xffff) return ip_text(unmapped(a));
  uint32_t g[8];
  for (int i = 0; i < 8; ++i) g[i] = static_cast<uint32_t>((a.value >> (16 * (7 - i))) & 0xffff);
  // The longest run of two or more zero groups becomes "::" (the first, on ties).
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);
    out += buf;
  }
  return out;
}

std::string cidr_text(const Network& n) {
  return ip_text(n.ip) + "/" + std::to_string(n.prefix);
}

std::optional<Value> cidr_contains(BuiltinContext&, std::span<const Value> args) {
  Network a = cidr_operand(operand(args, 1));
  const Value& b = operand(args, 2);
  if (!b.is_string()) throw_operand_types(1, {"string"}, b);
  if (auto ip = parse_ip(b.as_string())) return Value::boolean(contains(a, *ip));
  auto other = parse_cidr(b.as_string());
  if (!other)
    fail("not a valid textual representation of an IP address or CIDR: " +
         std::string(b.as_string()));
  return Value::boolean(contains(a, other->ip) && contains(a, last_address(*other)));
}

std::optional<Value> cidr_intersects(BuiltinContext&, std::span<const Value> args) {
  Network a = cidr_operand(operand(args, 1));
  Network b = cidr_operand(operand(args, 2));
  return Value::boolean(contains(a, b.ip) || contains(b, a.ip));
}

std::optional<Value> cidr_is_valid(BuiltinContext&, std::span<const Value> args) {
  const Value& v = operand(args, 1);
  return Value::boolean(v.is_string() && parse_cidr(v.as_string()).has_value());
}

constexpr u128 kMaxExpansion = u128(1) << 20;

std::optional<Value> cidr_expand(BuiltinContext&, std::span<const Value> args) {
  Network n = cidr_operand(operand(args, 1));
  u128 hosts = host_mask(n.prefix, n.ip.bits());
  // OPA only stops when the query times out; a bound keeps memory finite instead.
  if (hosts >= kMaxExpansion) fail("CIDR is too large to expand: " + cidr_text(n));
  std::vector<Value> out;
  for (u128 i = 0; i <= hosts; ++i)
    out.push_back(Value::string(ip_text(Address{n.ip.v4, n.ip.value + i})));
  return Value::set(std::move(out));
}

// --- net.cidr_contains_matches -----------------------------------------------------------------

struct MatchItem {
  Value cidr;
  Value key;
};

std::vector<MatchItem> match_items(int position, const Value& v) {
  auto element = [&](const Value& e) -> Value {
    if (e.is_string()) return e;
    if (e.is_array() && e.size() > 0) return e.as_array()[0];
    fail("operand " + std::to_string(position) + ": element must be string or non-empty array");
  };
  std::vector<MatchItem> items;
  switch (v.kind()) {
    case Kind::String:
      items.push_back({v, v});
      break;
    case Kind::Array: {
      auto a = v.as_array();
      for (size_t i = 0; i < a.size(); ++i)
        items.push_back({element(a[i]), Value::integer(static_cast<int64_t>(i))});
      break;
    }
    case Kind::Set:
      for (const Value& e : v.as_set()) items.push_back({element(e), e});
      break;
    case Kind::Object:
      for (const auto& [k, e] : v.as_object()) items.push_back({element(e), k});
      break;
    default:
      throw_operand_types(position, {"string", "array", "set", "object"}, v);
  }
  return items;
}

std::optional<Value> cidr_contains_matches(BuiltinContext& ctx, std::span<const Value> args) {
  std::vector<Value> result;
  auto cidrs = match_items(1, operand(args, 1));
  auto candidates = match_items(2, operand(args, 2));
  for (const auto& a : cidrs) {
    for (const auto& b : candidates) {
      Value pair[2] = {a.cidr, b.cidr};
      if (cidr_contains(ctx, pair)->is_true()) result.push_back(Value::array({a.key, b.key}));
    }
  }
  return Value::set(std::move(result));
}

// --- net.cidr_merge ----------------------------------------------------------------------------

struct Range {
  bool v4;
  u128 first, last;
  std::optional<Network> network;  // set while the range is one of the inputs unchanged
};

// Go's IP.DefaultMask: the classful prefix of a bare IPv4 address (none for class D/E).
int classful_prefix(uint32_t ip) {
  if (ip < 0x80000000u) return 8;
  if (ip < 0xC0000000u) return 16;
  if (ip < 0xE0000000u) return 24;
  return 32;
}

Network merge_element(const Value& e) {
  if (!e.is_string()) fail("element must be string");
  if (auto ip = parse_ip(e.as_string())) {
    if (!ip->v4) fail("IPv6 invalid: needs prefix length");
    // OPA keeps the address unmasked with its classful mask ("10.1.2.3" is 10.1.2.3/8).
    return Network{*ip, classful_prefix(static_cast<uint32_t>(ip->value))};
  }
  auto n = parse_cidr(e.as_string());
  if (!n) fail("invalid CIDR address: " + std::string(e.as_string()));
  return *n;
}

// The fewest CIDR blocks covering [first, last].
std::vector<Network> range_to_cidrs(bool v4, u128 first, u128 last) {
  int bits = v4 ? 32 : 128;
  std::vector<Network> out;
  while (true) {
    int prefix = bits;
    // Grow the block while it stays aligned at `first` and inside the range.
    while (prefix > 0) {
      u128 host = host_mask(prefix - 1, bits);
      if ((first & host) != 0 || (first | host) > last) break;
      --prefix;
    }
    out.push_back(Network{Address{v4, first}, prefix});
    u128 end = first | host_mask(prefix, bits);
    if (end >= last) break;
    first = end + 1;
  }
  return out;
}

std::optional<Value> cidr_merge(BuiltinContext&, std::span<const Value> args) {
  const Value& v = operand(args, 1);
  if (!v.is_array() && !v.is_set()) fail("operand must be an array");
  std::vector<Range> ranges;
  for (const Value& e : v.is_array() ? v.as_array() : v.as_set()) {
    Network n = merge_element(e);
    u128 host = host_mask(n.prefix, n.ip.bits());
    u128 first = n.ip.value & ~host;
    ranges.push_back(Range{n.ip.v4, first, first | host, n});
  }
  // IPv4 sorts before IPv6 (shorter byte strings compare first in Go's ordering here).
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    if (a.v4 != b.v4) return a.v4;
    if (a.last != b.last) return a.last < b.last;
    return a.first < b.first;
  });
  for (size_t i = ranges.size(); i-- > 1;) {
    Range& previous = ranges[i - 1];
    Range& current = ranges[i];
    if (previous.v4 != current.v4) continue;
    bool adjacent_or_overlapping = current.first == 0 || current.first - 1 <= previous.last;
    if (!adjacent_or_overlapping) continue;
    previous =
        Range{current.v4, std::min(previous.first, current.first), current.last, std::nullopt};
    ranges.erase(ranges.begin() + static_cast<std::ptrdiff_t>(i));
  }
  std::vector<Value> out;
  for (const auto& r : ranges) {
    if (r.network) {
      out.push_back(Value::string(cidr_text(*r.network)));
    } else {
      for (const auto& n : range_to_cidrs(r.v4, r.first, r.last))
        out.push_back(Value::string(cidr_text(n)));
    }
  }
  return Value::set(std::move(out));
}

}  // namespace

void add_net(std::vector<Builtin>& table) {
  using namespace decl;
  table.push_back(make_builtin("net.cidr_contains", 2, function({string(), string()}, boolean()),
                               cidr_contains));
  table.push_back(make_builtin("net.cidr_overlap", 2, function({string(), string()}, boolean()),
                               cidr_contains));
  table.push_back(make_builtin("net.cidr_intersects", 2, function({string(), string()}, boolean()),
                               cidr_intersects));
  table.push_back(
      make_builtin("net.cidr_is_valid", 1, function({string()}, boolean()), cidr_is_valid));
  table.push_back(
      make_builtin("net.cidr_expand", 1, function({string()}, set_of(string())), cidr_expand));
  table.push_back(make_builtin(
      "net.cidr_merge", 1,
      function({any_of({array_of(string()), set_of(string())})}, set_of(string())), cidr_merge));
  const Type cidrs = any_of({string(), array_of(any_of({string(), array_of(any())})),
                             object_of(string(), any_of({string(), array_of(any())})),
                             set_of(any_of({string(), array_of(any())}))});
  table.push_back(make_builtin("net.cidr_contains_matches", 2,
                               function({cidrs, cidrs}, set_of(array_static({any(), any()}))),
                               cidr_contains_matches));
}

}  // namespace mg::rego::builtins
