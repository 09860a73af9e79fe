#include <array>
#include <cstdio>
#include <random>

#include "rego/builtins/decl.h"
#include "rego/builtins/families.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Args = std::span<const Value>;
using Bytes = std::array<uint8_t, 16>;

std::string hex(const uint8_t* bytes, size_t n) {
  std::string out;
  char buf[3];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", bytes[i]);
    out += buf;
  }
  return out;
}

// A random (version 4, RFC 4122 variant) UUID. Returning the same one for the same key
// within an evaluation is the evaluator's business (it caches nondeterministic calls).
std::optional<Value> uuid_rfc4122(BuiltinContext& ctx, Args args) {
  // OPA's type checker rejects a non-string operand before evaluation; here it is a type
  // error at the call.
  std::string key = "uuid.rfc4122/" + std::string(string_operand(args, 1));
  if (auto it = ctx.remembered.find(key); it != ctx.remembered.end()) return it->second;
  thread_local std::mt19937_64 fallback{std::random_device{}()};
  std::mt19937_64& rng = ctx.random != nullptr ? *ctx.random : fallback;
  Bytes b;
  for (size_t i = 0; i < b.size(); i += 8) {
    uint64_t r = rng();
    for (size_t k = 0; k < 8; ++k) b[i + k] = static_cast<uint8_t>(r >> (8 * k));
  }
  b[6] = static_cast<uint8_t>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3F) | 0x80);
  Value result = Value::string(hex(&b[0], 4) + "-" + hex(&b[4], 2) + "-" + hex(&b[6], 2) + "-" +
                               hex(&b[8], 2) + "-" + hex(&b[10], 6));
  ctx.remembered.emplace(std::move(key), result);
  return result;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// google/uuid's accepted forms: canonical, {canonical}, urn:uuid:canonical, or 32 hex digits.
std::optional<Bytes> parse_uuid(std::string_view s) {
  if (s.size() == 45) {
    if (s.substr(0, 9) != "urn:uuid:" && s.substr(0, 9) != "URN:UUID:") return std::nullopt;
    s.remove_prefix(9);
  } else if (s.size() == 38) {
    if (s.front() != '{' || s.back() != '}') return std::nullopt;
    s = s.substr(1, 36);
  }
  std::string digits;
  if (s.size() == 36) {
    if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return std::nullopt;
    for (size_t i = 0; i < s.size(); ++i) {
      if (i != 8 && i != 13 && i != 18 && i != 23) digits += s[i];
    }
  } else if (s.size() == 32) {
    digits = s;
  } else {
    return std::nullopt;
  }
  Bytes b;
  for (size_t i = 0; i < 16; ++i) {
    int hi = hex_digit(digits[2 * i]), lo = hex_digit(digits[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    b[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return b;
}

std::string variant(const Bytes& b) {
  if ((b[8] & 0xC0) == 0x80) return "RFC4122";
  if ((b[8] & 0xE0) == 0xC0) return "Microsoft";
  if ((b[8] & 0xE0) == 0xE0) return "Future";
  return "Reserved";
}

std::string mac_kind(uint8_t first) {
  if ((first & 0x03) == 0x03) return "local:multicast";
  if ((first & 0x01) == 0x01) return "global:multicast";
  if ((first & 0x02) == 0x02) return "local:unicast";
  return "global:unicast";
}

std::optional<Value> uuid_parse(BuiltinContext&, Args args) {
  auto parsed = parse_uuid(string_operand(args, 1));
  if (!parsed) return std::nullopt;
  const Bytes& b = *parsed;
  int version = b[6] >> 4;
  std::vector<ObjectEntry> out{{Value::string("version"), Value::integer(version)},
                               {Value::string("variant"), Value::string(variant(b))}};
  if (version == 1 || version == 2) {
    uint64_t low = (uint64_t{b[0]} << 24) | (uint64_t{b[1]} << 16) | (uint64_t{b[2]} << 8) | b[3];
    uint64_t mid = (uint64_t{b[4]} << 8) | b[5];
    uint64_t high = ((uint64_t{b[6]} << 8) | b[7]) & 0x0FFF;
    uint64_t t = low | (mid << 32) | (high << 48);
    // 100-ns intervals since 1582-10-15 as Unix nanoseconds; Go's int64 arithmetic wraps.
    uint64_t unix_ns = (t - 122192928000000000ULL) * 100ULL;
    out.emplace_back(Value::string("time"), Value::integer(static_cast<int64_t>(unix_ns)));
    // OPA: the node id as a MAC address ("00-c0-4f-d4-30-c8") and, apart, what its first
    // byte's local/multicast bits say.
    std::string node_id;
    for (size_t i = 10; i < 16; ++i) node_id += (i > 10 ? "-" : "") + hex(&b[i], 1);
    out.emplace_back(Value::string("nodeid"), Value::string(node_id));
    out.emplace_back(Value::string("macvariables"), Value::string(mac_kind(b[10])));
    out.emplace_back(Value::string("clocksequence"), Value::integer(((b[8] << 8) | b[9]) & 0x3FFF));
    if (version == 2) {
      out.emplace_back(Value::string("id"), Value::integer(static_cast<int64_t>(low)));
      static const char* const domains[] = {"Person", "Group", "Org"};
      std::string domain = b[9] < 3 ? domains[b[9]] : "Domain" + std::to_string(b[9]);
      out.emplace_back(Value::string("domain"), Value::string(domain));
    }
  }
  return Value::object(std::move(out));
}

}  // namespace

void add_uuid(std::vector<Builtin>& table) {
  using namespace decl;
  table.push_back(
      make_builtin("uuid.rfc4122", 1, function({string()}, string()), uuid_rfc4122, true));
  table.push_back(
      make_builtin("uuid.parse", 1, function({string()}, object_of(string(), any())), uuid_parse));
}

}  // namespace mg::rego::builtins
