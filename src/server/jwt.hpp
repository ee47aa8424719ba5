// JWT verification for Hasura's JWT mode: HS256/384/512 (shared secret) and RS256/384/512
// (PEM public key or certificate), configured with Hasura's JSON document
//   {"type": "HS256", "key": "...", "claims_namespace": "https://hasura.io/jwt/claims",
//    "claims_format": "json" | "stringified_json", "audience": "..." | [...],
//    "issuer": "...", "allowed_skew": seconds}
// Errors carry Hasura's codes and messages (invalid-jwt "Could not verify JWT: JWTExpired", ...).
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <variant>
#include <stdexcept>
#include <string>
#include <vector>

namespace graphgate::server {

// A request the JWT layer refuses.  status is Hasura's (400 for JWT problems).
struct AuthError {
    int status;
    std::string code;     // "invalid-jwt", "jwt-invalid-claims", "access-denied", ...
    std::string message;
};

struct JwtConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class JwtVerifier {
public:
    // Parses Hasura's JSON configuration; throws JwtConfigError (bad JSON, unknown type, short
    // HS key, unreadable PEM).
    explicit JwtVerifier(const std::string& config_json);
    ~JwtVerifier();
    JwtVerifier(const JwtVerifier&) = delete;
    JwtVerifier& operator=(const JwtVerifier&) = delete;

    // Verifies signature, exp/iat/nbf (NumericDates; with allowed_skew), aud and iss; returns
    // the Hasura claims object (the namespace's value, parsed when stringified) or an AuthError.
    // `refused_from`, if given, receives the time (Unix seconds) from which the token is refused
    // as expired (exp plus the allowed skew), when it has an exp.
    std::variant<nlohmann::json, AuthError> verify(const std::string& token, long long now_unix,
                                                   std::optional<double>* refused_from = nullptr) const;

    const std::string& algorithm() const { return alg_; }

private:
    struct Key;
    std::string alg_;
    std::string claims_namespace_ = "https://hasura.io/jwt/claims";
    bool stringified_claims_ = false;
    std::vector<std::string> audiences_;
    std::optional<std::string> issuer_;
    long long allowed_skew_ = 0;
    std::unique_ptr<Key> key_;
};

// base64url without padding (RFC 7515 §2); nullopt for characters outside the alphabet.
std::optional<std::string> base64url_decode(const std::string& in);

}  // namespace graphgate::server
