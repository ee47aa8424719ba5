#include "server/jwt.hpp"

#include "server/json_reader.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>

namespace graphgate::server {

using nlohmann::json;

struct JwtVerifier::Key {
    std::string secret;                  // HS*
    EVP_PKEY* pkey = nullptr;            // RS*
    const EVP_MD* digest = nullptr;
    ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

struct BioDeleter { void operator()(BIO* b) const { BIO_free(b); } };
struct X509Deleter { void operator()(X509* x) const { X509_free(x); } };
struct MdCtxDeleter { void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); } };

AuthError invalid_jwt(const std::string& why) { return {400, "invalid-jwt", "Could not verify JWT: " + why}; }

EVP_PKEY* read_public_key(const std::string& pem) {
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return nullptr;
    if (pem.find("BEGIN CERTIFICATE") != std::string::npos) {
        std::unique_ptr<X509, X509Deleter> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        return cert ? X509_get_pubkey(cert.get()) : nullptr;
    }
    return PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
}

// The registered claims that are times.  RFC 7519 §2: a NumericDate is a JSON number (seconds,
// possibly fractional).  Anything else makes the claims set undecodable, as in Hasura, whose
// jose library answers "JWTClaimsSetDecodeError" for it; a claim that is not a number must not
// be taken as absent (a token with "exp": "946684800" would never expire).  jose reads a null
// as absent; RFC 7519 allows no null here and an "exp": null is what an issuer's bug looks
// like, so graphgate refuses it too.
struct NumericDates {
    std::optional<double> exp, nbf, iat;
};

std::variant<NumericDates, AuthError> numeric_dates(const json& payload) {
    NumericDates dates;
    for (auto [name, slot] : {std::pair{"exp", &dates.exp}, {"nbf", &dates.nbf}, {"iat", &dates.iat}}) {
        auto it = payload.find(name);
        if (it == payload.end()) continue;
        if (!it->is_number()) {
            const char* type = it->is_string()    ? "String"
                               : it->is_boolean() ? "Boolean"
                               : it->is_null()    ? "Null"
                               : it->is_array()   ? "Array"
                                                  : "Object";
            return invalid_jwt(std::string("JWTClaimsSetDecodeError \"Error in $.") + name +
                               ": parsing NumericDate failed, expected Number, but encountered " + type + "\"");
        }
        *slot = it->get<double>();
    }
    return dates;
}

}  // namespace

std::optional<std::string> base64url_decode(const std::string& in) {
    static const auto table = [] {
        std::array<int, 256> t{};
        t.fill(-1);
        const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = i;
        return t;
    }();
    std::string out;
    out.reserve(in.size() * 3 / 4);
    unsigned int acc = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=') break;  // tolerate padding, which some encoders add
        int v = table[static_cast<unsigned char>(c)];
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<unsigned int>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    if (bits >= 6) return std::nullopt;  // a lone trailing character cannot encode a byte
    return out;
}

JwtVerifier::JwtVerifier(const std::string& config_json) : key_(std::make_unique<Key>()) {
    json conf;
    try {
        conf = json::parse(config_json);
    } catch (const json::exception& e) {
        throw JwtConfigError(std::string("JWT secret is not valid JSON: ") + e.what());
    }
    if (!conf.is_object()) throw JwtConfigError("JWT secret must be a JSON object with \"type\" and \"key\"");
    if (conf.contains("jwk_url")) throw JwtConfigError("JWT secret: jwk_url is not supported; give \"type\" and \"key\"");
    if (!conf.contains("type") || !conf["type"].is_string() || !conf.contains("key") || !conf["key"].is_string())
        throw JwtConfigError("JWT secret needs string fields \"type\" and \"key\"");
    alg_ = conf["type"].get<std::string>();
    const std::string key = conf["key"].get<std::string>();
    if (alg_ == "HS256" || alg_ == "HS384" || alg_ == "HS512") {
        key_->digest = alg_ == "HS256" ? EVP_sha256() : alg_ == "HS384" ? EVP_sha384() : EVP_sha512();
        // As Hasura: an HMAC key shorter than the hash is guessable.
        std::size_t min_len = alg_ == "HS256" ? 32 : alg_ == "HS384" ? 48 : 64;
        if (key.size() < min_len)
            throw JwtConfigError("JWT secret: the " + alg_ + " key must be at least " + std::to_string(min_len) +
                                 " characters long");
        key_->secret = key;
    } else if (alg_ == "RS256" || alg_ == "RS384" || alg_ == "RS512") {
        key_->digest = alg_ == "RS256" ? EVP_sha256() : alg_ == "RS384" ? EVP_sha384() : EVP_sha512();
        key_->pkey = read_public_key(key);
        if (!key_->pkey || EVP_PKEY_base_id(key_->pkey) != EVP_PKEY_RSA)
            throw JwtConfigError("JWT secret: the key is not a PEM RSA public key (BEGIN PUBLIC KEY) or certificate");
    } else {
        throw JwtConfigError("JWT secret: unsupported type \"" + alg_ + "\" (HS256/384/512, RS256/384/512)");
    }
    if (auto it = conf.find("claims_namespace"); it != conf.end()) {
        if (!it->is_string()) throw JwtConfigError("JWT secret: claims_namespace must be a string");
        claims_namespace_ = it->get<std::string>();
    }
    if (conf.contains("claims_namespace_path"))
        throw JwtConfigError("JWT secret: claims_namespace_path is not supported; use claims_namespace");
    if (auto it = conf.find("claims_format"); it != conf.end()) {
        if (*it == "stringified_json") stringified_claims_ = true;
        else if (*it != "json") throw JwtConfigError("JWT secret: claims_format must be json or stringified_json");
    }
    if (auto it = conf.find("audience"); it != conf.end()) {
        if (it->is_string()) audiences_.push_back(it->get<std::string>());
        else if (it->is_array())
            for (const auto& a : *it) {
                if (!a.is_string()) throw JwtConfigError("JWT secret: audience must be strings");
                audiences_.push_back(a.get<std::string>());
            }
        else throw JwtConfigError("JWT secret: audience must be a string or a list of strings");
    }
    if (auto it = conf.find("issuer"); it != conf.end()) {
        if (!it->is_string()) throw JwtConfigError("JWT secret: issuer must be a string");
        issuer_ = it->get<std::string>();
    }
    if (auto it = conf.find("allowed_skew"); it != conf.end()) {
        if (!it->is_number_integer() || it->get<long long>() < 0)
            throw JwtConfigError("JWT secret: allowed_skew must be a non-negative number of seconds");
        allowed_skew_ = it->get<long long>();
    }
}

JwtVerifier::~JwtVerifier() = default;

std::variant<json, AuthError> JwtVerifier::verify(const std::string& token, long long now,
                                                  std::optional<double>* refused_from) const {
    const auto dot1 = token.find('.');
    const auto dot2 = dot1 == std::string::npos ? std::string::npos : token.find('.', dot1 + 1);
    if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos) {
        std::size_t parts = 1;
        for (char c : token) parts += c == '.';
        return invalid_jwt("JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got " +
                           std::to_string(parts) + ")");
    }
    const std::string header_b64 = token.substr(0, dot1);
    const std::string payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
    const auto header_raw = base64url_decode(header_b64);
    const auto payload_raw = base64url_decode(payload_b64);
    const auto signature = base64url_decode(token.substr(dot2 + 1));
    if (!header_raw || !payload_raw || !signature) return invalid_jwt("JWSError (CompactDecodeError base64url)");

    // Bounded (json_reader): a token of the 64 KiB header limit could nest 30,000 deep.
    const std::optional<json> header_json = parse_json(*header_raw);
    const std::optional<json> payload_json = parse_json(*payload_raw);
    if (!header_json || !payload_json || !header_json->is_object() || !payload_json->is_object())
        return invalid_jwt("JWSError (JSONDecodeError)");
    const json& header = *header_json;
    const json& payload = *payload_json;

    // The algorithm is the configured one, never the token's choice ("none", or HS256 signed
    // with an RSA public key as the secret, are the classic attacks).
    if (!header.contains("alg") || header["alg"] != alg_) return invalid_jwt("JWSError JWSInvalidSignature");

    const std::string signing_input = token.substr(0, dot2);
    bool valid = false;
    if (!key_->secret.empty()) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        unsigned int mac_len = 0;
        HMAC(key_->digest, key_->secret.data(), static_cast<int>(key_->secret.size()),
             reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac, &mac_len);
        valid = signature->size() == mac_len && CRYPTO_memcmp(mac, signature->data(), mac_len) == 0;
    } else {
        std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
        valid = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, key_->digest, nullptr, key_->pkey) == 1 &&
                EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                                 signature->size(), reinterpret_cast<const unsigned char*>(signing_input.data()),
                                 signing_input.size()) == 1;
    }
    if (!valid) return invalid_jwt("JWSError JWSInvalidSignature");

    // jose's checks, in its order: expired on or after exp; issued in the future; not yet valid.
    auto dates = numeric_dates(payload);
    if (auto* err = std::get_if<AuthError>(&dates)) return *err;
    const NumericDates& at = std::get<NumericDates>(dates);
    const double now_s = static_cast<double>(now);
    if (at.exp && now_s >= *at.exp + allowed_skew_) return invalid_jwt("JWTExpired");
    if (refused_from && at.exp) *refused_from = *at.exp + static_cast<double>(allowed_skew_);
    if (at.iat && *at.iat > now_s + allowed_skew_) return invalid_jwt("JWTIssuedAtFuture");
    if (at.nbf && now_s + allowed_skew_ < *at.nbf) return invalid_jwt("JWTNotYetValid");
    if (!audiences_.empty()) {
        bool ok = false;
        if (auto it = payload.find("aud"); it != payload.end()) {
            auto matches = [&](const json& a) {
                return a.is_string() &&
                       std::find(audiences_.begin(), audiences_.end(), a.get<std::string>()) != audiences_.end();
            };
            if (it->is_array()) ok = std::any_of(it->begin(), it->end(), matches);
            else ok = matches(*it);
        }
        if (!ok) return invalid_jwt("JWTNotInAudience");
    }
    if (issuer_ && (!payload.contains("iss") || payload["iss"] != *issuer_)) return invalid_jwt("JWTNotInIssuer");

    auto claims = payload.find(claims_namespace_);
    if (claims == payload.end())
        return AuthError{400, "jwt-invalid-claims", "claims key: '" + claims_namespace_ + "' not found"};
    if (stringified_claims_) {
        if (!claims->is_string())
            return AuthError{400, "jwt-invalid-claims", "claims should be a string (claims_format stringified_json)"};
        if (auto parsed = parse_json(claims->get<std::string>()); parsed && parsed->is_object()) return *parsed;
        return AuthError{400, "jwt-invalid-claims", "claims should be a JSON object encoded as a string"};
    }
    if (!claims->is_object()) return AuthError{400, "jwt-invalid-claims", "claims should be a JSON object"};
    return *claims;
}

}  // namespace graphgate::server
