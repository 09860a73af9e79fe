// Certificates and certificate requests as Go's encoding/json writes x509.Certificate and
// x509.CertificateRequest: exported field names, []byte as base64, big.Int as numbers,
// time.Time as RFC 3339, nil slices as null. OPA returns exactly that shape.

#include <openssl/asn1.h>
#include <openssl/x509v3.h>

#include <map>
#include <string>

#include "rego/builtins/crypto_util.h"
#include "rego/builtins/encoding_parts.h"
#include "rego/builtins/operands.h"

namespace mg::rego::builtins {

namespace {

using Fields = std::vector<ObjectEntry>;

void put(Fields& f, const char* name, Value v) {
  f.emplace_back(Value::string(name), std::move(v));
}

Value bytes_value(const unsigned char* data, int size) {
  if (data == nullptr || size < 0) return Value::null();
  return Value::string(encode_base64(
      std::string_view(reinterpret_cast<const char*>(data), static_cast<size_t>(size)), false,
      true));
}

template <typename T, typename Encode>
Value der_value(T* object, Encode encode) {
  unsigned char* der = nullptr;
  int size = encode(object, &der);
  if (size < 0) return Value::null();
  Value v = bytes_value(der, size);
  OPENSSL_free(der);
  return v;
}

Value strings_or_null(const std::vector<std::string>& items) {
  if (items.empty()) return Value::null();
  std::vector<Value> values;
  values.reserve(items.size());
  for (const auto& s : items) values.push_back(Value::string(s));
  return Value::array(std::move(values));
}

Value oid_value(const ASN1_OBJECT* oid) {
  char text[128];
  OBJ_obj2txt(text, sizeof text, oid, 1);
  std::vector<Value> parts;
  std::string_view t(text);
  while (!t.empty()) {
    size_t dot = t.find('.');
    parts.push_back(Value::integer(std::stoll(std::string(t.substr(0, dot)))));
    t = dot == std::string_view::npos ? std::string_view() : t.substr(dot + 1);
  }
  return Value::array(std::move(parts));
}

std::string asn1_text(const ASN1_STRING* s) {
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, s);
  if (len < 0) return "";
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

// pkix.Name: the well-known attributes collected, all of them in Names.
Value name_value(const X509_NAME* name) {
  std::map<int, std::vector<std::string>> by_nid;
  std::vector<Value> names;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    const ASN1_OBJECT* oid = X509_NAME_ENTRY_get_object(entry);
    std::string text = asn1_text(X509_NAME_ENTRY_get_data(entry));
    by_nid[OBJ_obj2nid(oid)].push_back(text);
    names.push_back(Value::object(
        {{Value::string("Type"), oid_value(oid)}, {Value::string("Value"), Value::string(text)}}));
  }
  auto list = [&](int nid) { return strings_or_null(by_nid[nid]); };
  auto last = [&](int nid) {
    auto& v = by_nid[nid];
    return Value::string(v.empty() ? "" : v.back());
  };
  Fields f;
  put(f, "CommonName", last(NID_commonName));
  put(f, "Country", list(NID_countryName));
  put(f, "ExtraNames", Value::null());
  put(f, "Locality", list(NID_localityName));
  put(f, "Names", names.empty() ? Value::empty_array() : Value::array(std::move(names)));
  put(f, "Organization", list(NID_organizationName));
  put(f, "OrganizationalUnit", list(NID_organizationalUnitName));
  put(f, "PostalCode", list(NID_postalCode));
  put(f, "Province", list(NID_stateOrProvinceName));
  put(f, "SerialNumber", last(NID_serialNumber));
  put(f, "StreetAddress", list(NID_streetAddress));
  return Value::object(std::move(f));
}

std::string time_text(const ASN1_TIME* t) {
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return "";
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

// Go's x509.SignatureAlgorithm and PublicKeyAlgorithm numbering.
int signature_algorithm(int nid) {
  switch (nid) {
    case NID_md2WithRSAEncryption:
      return 1;
    case NID_md5WithRSAEncryption:
      return 2;
    case NID_sha1WithRSAEncryption:
      return 3;
    case NID_sha256WithRSAEncryption:
      return 4;
    case NID_sha384WithRSAEncryption:
      return 5;
    case NID_sha512WithRSAEncryption:
      return 6;
    case NID_dsaWithSHA1:
      return 7;
    case NID_dsa_with_SHA256:
      return 8;
    case NID_ecdsa_with_SHA1:
      return 9;
    case NID_ecdsa_with_SHA256:
      return 10;
    case NID_ecdsa_with_SHA384:
      return 11;
    case NID_ecdsa_with_SHA512:
      return 12;
    case NID_rsassaPss:
      return 13;  // SHA256WithRSAPSS; the hash is in the parameters
    case NID_ED25519:
      return 16;
    default:
      return 0;
  }
}

int public_key_algorithm(EVP_PKEY* key) {
  if (key == nullptr) return 0;
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return 1;
    case EVP_PKEY_DSA:
      return 2;
    case EVP_PKEY_EC:
      return 3;
    case EVP_PKEY_ED25519:
      return 4;
    default:
      return 0;
  }
}

struct GeneralNames {
  std::vector<std::string> dns, email, ip, uri;
};

std::string ip_text(const ASN1_OCTET_STRING* ip) {
  const unsigned char* p = ASN1_STRING_get0_data(ip);
  int len = ASN1_STRING_length(ip);
  char buf[64];
  if (len == 4) {
    std::snprintf(buf, sizeof buf, "%d.%d.%d.%d", p[0], p[1], p[2], p[3]);
    return buf;
  }
  if (len != 16) return "";
  unsigned groups[8];
  for (size_t g = 0; g < 8; ++g) groups[g] = (p[2 * g] << 8) | p[2 * g + 1];
  // Go prints IPv6 in its canonical short form (RFC 5952).
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] == 0) {
      int j = i;
      while (j < 8 && groups[j] == 0) ++j;
      if (j - i > best_len && j - i >= 2) {
        best_start = i;
        best_len = j - i;
      }
      i = j;
    } else {
      ++i;
    }
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", groups[i]);
    out += buf;
  }
  return out;
}

GeneralNames general_names(const GENERAL_NAMES* names) {
  GeneralNames out;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    switch (n->type) {
      case GEN_DNS:
        out.dns.push_back(asn1_text(n->d.dNSName));
        break;
      case GEN_EMAIL:
        out.email.push_back(asn1_text(n->d.rfc822Name));
        break;
      case GEN_URI:
        out.uri.push_back(asn1_text(n->d.uniformResourceIdentifier));
        break;
      case GEN_IPADD:
        out.ip.push_back(ip_text(n->d.iPAddress));
        break;
      default:
        break;
    }
  }
  return out;
}

// url.URL as Go's encoding/json writes it.
Value url_value(const std::string& uri) {
  std::string scheme, opaque, host, path, query, fragment;
  std::string_view rest(uri);
  size_t colon = rest.find(':');
  if (colon != std::string_view::npos && rest.find('/') > colon) {
    scheme = rest.substr(0, colon);
    rest = rest.substr(colon + 1);
  }
  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (rest.substr(0, 2) == "//") {
    rest = rest.substr(2);
    size_t slash = rest.find('/');
    host = rest.substr(0, slash);
    path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
  } else if (!scheme.empty() && (rest.empty() || rest[0] != '/')) {
    opaque = rest;
  } else {
    path = rest;
  }
  Fields f;
  put(f, "ForceQuery", Value::boolean(false));
  put(f, "Fragment", Value::string(fragment));
  put(f, "Host", Value::string(host));
  put(f, "OmitHost", Value::boolean(false));
  put(f, "Opaque", Value::string(opaque));
  put(f, "Path", Value::string(path));
  put(f, "RawFragment", Value::string(""));
  put(f, "RawPath", Value::string(""));
  put(f, "RawQuery", Value::string(query));
  put(f, "Scheme", Value::string(scheme));
  put(f, "User", Value::null());
  return Value::object(std::move(f));
}

Value uris_value(const std::vector<std::string>& uris) {
  if (uris.empty()) return Value::null();
  std::vector<Value> values;
  values.reserve(uris.size());
  for (const auto& u : uris) values.push_back(url_value(u));
  return Value::array(std::move(values));
}

Value extensions_value(const STACK_OF(X509_EXTENSION) * extensions) {
  if (extensions == nullptr || sk_X509_EXTENSION_num(extensions) == 0) return Value::null();
  std::vector<Value> out;
  for (int i = 0; i < sk_X509_EXTENSION_num(extensions); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(extensions, i);
    const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(ext);
    out.push_back(Value::object(
        {{Value::string("Critical"), Value::boolean(X509_EXTENSION_get_critical(ext) != 0)},
         {Value::string("Id"), oid_value(X509_EXTENSION_get_object(ext))},
         {Value::string("Value"),
          bytes_value(ASN1_STRING_get0_data(data), ASN1_STRING_length(data))}}));
  }
  return Value::array(std::move(out));
}

int go_key_usage(uint32_t openssl) {
  if (openssl == UINT32_MAX) return 0;
  int go = 0;
  if (openssl & KU_DIGITAL_SIGNATURE) go |= 1;
  if (openssl & KU_NON_REPUDIATION) go |= 2;
  if (openssl & KU_KEY_ENCIPHERMENT) go |= 4;
  if (openssl & KU_DATA_ENCIPHERMENT) go |= 8;
  if (openssl & KU_KEY_AGREEMENT) go |= 16;
  if (openssl & KU_KEY_CERT_SIGN) go |= 32;
  if (openssl & KU_CRL_SIGN) go |= 64;
  if (openssl & KU_ENCIPHER_ONLY) go |= 128;
  if (openssl & KU_DECIPHER_ONLY) go |= 256;
  return go;
}

int go_ext_key_usage(int nid) {
  switch (nid) {
    case NID_anyExtendedKeyUsage:
      return 0;
    case NID_server_auth:
      return 1;
    case NID_client_auth:
      return 2;
    case NID_code_sign:
      return 3;
    case NID_email_protect:
      return 4;
    case NID_ipsecEndSystem:
      return 5;
    case NID_ipsecTunnel:
      return 6;
    case NID_ipsecUser:
      return 7;
    case NID_time_stamp:
      return 8;
    case NID_OCSP_sign:
      return 9;
    case NID_ms_sgc:
      return 10;
    case NID_ns_sgc:
      return 11;
    case NID_ms_code_com:
      return 12;
    case NID_ms_code_ind:
      return 13;  // close enough: kernel code signing has no OpenSSL NID
    default:
      return -1;
  }
}

}  // namespace

Value certificate_value(X509* cert, bool with_uri_strings) {
  Fields f;
  const ASN1_BIT_STRING* signature = nullptr;
  const X509_ALGOR* algorithm = nullptr;
  X509_get0_signature(&signature, &algorithm, cert);
  EVP_PKEY* key = X509_get0_pubkey(cert);

  auto* san =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  GeneralNames names = general_names(san);
  GENERAL_NAMES_free(san);

  std::vector<std::string> ocsp, issuers;
  auto* aia = static_cast<AUTHORITY_INFO_ACCESS*>(
      X509_get_ext_d2i(cert, NID_info_access, nullptr, nullptr));
  for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia); ++i) {
    ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia, i);
    if (ad->location->type != GEN_URI) continue;
    std::string uri = asn1_text(ad->location->d.uniformResourceIdentifier);
    int nid = OBJ_obj2nid(ad->method);
    if (nid == NID_ad_OCSP) ocsp.push_back(uri);
    if (nid == NID_ad_ca_issuers) issuers.push_back(uri);
  }
  AUTHORITY_INFO_ACCESS_free(aia);

  std::vector<std::string> crl;
  auto* dps = static_cast<CRL_DIST_POINTS*>(
      X509_get_ext_d2i(cert, NID_crl_distribution_points, nullptr, nullptr));
  for (int i = 0; dps && i < sk_DIST_POINT_num(dps); ++i) {
    DIST_POINT* dp = sk_DIST_POINT_value(dps, i);
    if (dp->distpoint && dp->distpoint->type == 0) {
      GeneralNames g = general_names(dp->distpoint->name.fullname);
      crl.insert(crl.end(), g.uri.begin(), g.uri.end());
    }
  }
  CRL_DIST_POINTS_free(dps);

  std::vector<Value> ext_usage, unknown_ext_usage;
  auto* eku =
      static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
  for (int i = 0; eku && i < sk_ASN1_OBJECT_num(eku); ++i) {
    ASN1_OBJECT* oid = sk_ASN1_OBJECT_value(eku, i);
    int usage = go_ext_key_usage(OBJ_obj2nid(oid));
    if (usage >= 0) {
      ext_usage.push_back(Value::integer(usage));
    } else {
      unknown_ext_usage.push_back(oid_value(oid));
    }
  }
  EXTENDED_KEY_USAGE_free(eku);

  std::vector<Value> policies;
  auto* cps = static_cast<CERTIFICATEPOLICIES*>(
      X509_get_ext_d2i(cert, NID_certificate_policies, nullptr, nullptr));
  for (int i = 0; cps && i < sk_POLICYINFO_num(cps); ++i) {
    policies.push_back(oid_value(sk_POLICYINFO_value(cps, i)->policyid));
  }
  CERTIFICATEPOLICIES_free(cps);

  int critical = 0;
  auto* bc = static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(cert, NID_basic_constraints, &critical, nullptr));
  bool bc_valid = bc != nullptr;
  bool is_ca = bc && bc->ca;
  int64_t max_path = bc_valid ? -1 : 0;
  if (bc && bc->pathlen) max_path = ASN1_INTEGER_get(bc->pathlen);
  BASIC_CONSTRAINTS_free(bc);

  const ASN1_OCTET_STRING* skid = X509_get0_subject_key_id(cert);
  const ASN1_OCTET_STRING* akid = X509_get0_authority_key_id(cert);
  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
  BigNum serial_bn(ASN1_INTEGER_to_BN(serial, nullptr));

  std::vector<Value> ip_values;
  for (const auto& ip : names.ip) ip_values.push_back(Value::string(ip));

  put(f, "AuthorityKeyId",
      akid ? bytes_value(ASN1_STRING_get0_data(akid), ASN1_STRING_length(akid)) : Value::null());
  put(f, "BasicConstraintsValid", Value::boolean(bc_valid));
  put(f, "CRLDistributionPoints", strings_or_null(crl));
  put(f, "DNSNames", strings_or_null(names.dns));
  put(f, "EmailAddresses", strings_or_null(names.email));
  put(f, "ExcludedDNSDomains", Value::null());
  put(f, "ExcludedEmailAddresses", Value::null());
  put(f, "ExcludedIPRanges", Value::null());
  put(f, "ExcludedURIDomains", Value::null());
  put(f, "ExtKeyUsage", ext_usage.empty() ? Value::null() : Value::array(std::move(ext_usage)));
  put(f, "Extensions", extensions_value(X509_get0_extensions(cert)));
  put(f, "ExtraExtensions", Value::null());
  put(f, "IPAddresses", ip_values.empty() ? Value::null() : Value::array(std::move(ip_values)));
  put(f, "InhibitAnyPolicy", Value::integer(0));
  put(f, "InhibitAnyPolicyZero", Value::boolean(false));
  put(f, "InhibitPolicyMapping", Value::integer(0));
  put(f, "InhibitPolicyMappingZero", Value::boolean(false));
  put(f, "IsCA", Value::boolean(is_ca));
  put(f, "Issuer", name_value(X509_get_issuer_name(cert)));
  put(f, "IssuingCertificateURL", strings_or_null(issuers));
  put(f, "KeyUsage", Value::integer(go_key_usage(X509_get_key_usage(cert))));
  put(f, "MaxPathLen", Value::integer(max_path));
  put(f, "MaxPathLenZero", Value::boolean(max_path == 0 && bc_valid));
  put(f, "NotAfter", Value::string(time_text(X509_get0_notAfter(cert))));
  put(f, "NotBefore", Value::string(time_text(X509_get0_notBefore(cert))));
  put(f, "OCSPServer", strings_or_null(ocsp));
  put(f, "PermittedDNSDomains", Value::null());
  put(f, "PermittedDNSDomainsCritical", Value::boolean(false));
  put(f, "PermittedEmailAddresses", Value::null());
  put(f, "PermittedIPRanges", Value::null());
  put(f, "PermittedURIDomains", Value::null());
  put(f, "PolicyIdentifiers", policies.empty() ? Value::null() : Value::array(std::move(policies)));
  put(f, "PolicyMappings", Value::null());
  put(f, "PublicKey", key ? public_key_value(key) : Value::null());
  put(f, "PublicKeyAlgorithm", Value::integer(public_key_algorithm(key)));
  put(f, "Raw", der_value(cert, [](X509* c, unsigned char** out) { return i2d_X509(c, out); }));
  put(f, "RawIssuer", der_value(X509_get_issuer_name(cert), [](X509_NAME* n, unsigned char** out) {
        return i2d_X509_NAME(n, out);
      }));
  put(f, "RawSubject",
      der_value(X509_get_subject_name(cert),
                [](X509_NAME* n, unsigned char** out) { return i2d_X509_NAME(n, out); }));
  put(f, "RawSubjectPublicKeyInfo",
      der_value(X509_get_X509_PUBKEY(cert),
                [](X509_PUBKEY* k, unsigned char** out) { return i2d_X509_PUBKEY(k, out); }));
  put(f, "RawTBSCertificate",
      der_value(cert, [](X509* c, unsigned char** out) { return i2d_re_X509_tbs(c, out); }));
  put(f, "RequireExplicitPolicy", Value::integer(0));
  put(f, "RequireExplicitPolicyZero", Value::boolean(false));
  put(f, "SerialNumber", serial_bn ? bignum_value(serial_bn.get()) : Value::null());
  put(f, "Signature", bytes_value(signature->data, signature->length));
  put(f, "SignatureAlgorithm",
      Value::integer(signature_algorithm(OBJ_obj2nid(algorithm->algorithm))));
  put(f, "Subject", name_value(X509_get_subject_name(cert)));
  put(f, "SubjectKeyId",
      skid ? bytes_value(ASN1_STRING_get0_data(skid), ASN1_STRING_length(skid)) : Value::null());
  put(f, "URIs", uris_value(names.uri));
  if (with_uri_strings) put(f, "URIStrings", strings_or_null(names.uri));
  put(f, "UnhandledCriticalExtensions", Value::null());
  put(f, "UnknownExtKeyUsage",
      unknown_ext_usage.empty() ? Value::null() : Value::array(std::move(unknown_ext_usage)));
  put(f, "Version", Value::integer(X509_get_version(cert) + 1));
  return Value::object(std::move(f));
}

Value certificate_request_value(X509_REQ* request) {
  Fields f;
  const ASN1_BIT_STRING* signature = nullptr;
  const X509_ALGOR* algorithm = nullptr;
  X509_REQ_get0_signature(request, &signature, &algorithm);
  EVP_PKEY* key = X509_REQ_get0_pubkey(request);
  STACK_OF(X509_EXTENSION)* extensions = X509_REQ_get_extensions(request);
  GeneralNames names;
  for (int i = 0; extensions && i < sk_X509_EXTENSION_num(extensions); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(extensions, i);
    if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) == NID_subject_alt_name) {
      auto* san = static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(ext));
      names = general_names(san);
      GENERAL_NAMES_free(san);
    }
  }
  std::vector<Value> ip_values;
  for (const auto& ip : names.ip) ip_values.push_back(Value::string(ip));
  put(f, "Attributes", Value::null());
  put(f, "DNSNames", strings_or_null(names.dns));
  put(f, "EmailAddresses", strings_or_null(names.email));
  put(f, "Extensions", extensions_value(extensions));
  put(f, "ExtraExtensions", Value::null());
  put(f, "IPAddresses", ip_values.empty() ? Value::null() : Value::array(std::move(ip_values)));
  put(f, "PublicKey", key ? public_key_value(key) : Value::null());
  put(f, "PublicKeyAlgorithm", Value::integer(public_key_algorithm(key)));
  put(f, "Raw",
      der_value(request, [](X509_REQ* r, unsigned char** out) { return i2d_X509_REQ(r, out); }));
  put(f, "RawSubject",
      der_value(X509_REQ_get_subject_name(request),
                [](X509_NAME* n, unsigned char** out) { return i2d_X509_NAME(n, out); }));
  put(f, "RawTBSCertificateRequest", der_value(request, [](X509_REQ* r, unsigned char** out) {
        return i2d_re_X509_REQ_tbs(r, out);
      }));
  put(f, "Signature", bytes_value(signature->data, signature->length));
  put(f, "SignatureAlgorithm",
      Value::integer(signature_algorithm(OBJ_obj2nid(algorithm->algorithm))));
  put(f, "Subject", name_value(X509_REQ_get_subject_name(request)));
  put(f, "URIs", uris_value(names.uri));
  put(f, "Version", Value::integer(X509_REQ_get_version(request)));
  sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
  return Value::object(std::move(f));
}

}  // namespace mg::rego::builtins
