// Hasura's authentication model, turned into a session for graphgate.graphql():
//  - admin secret configured: X-Hasura-Admin-Secret (or the deprecated X-Hasura-Access-Key)
//    must match, then the request is admin and may pick X-Hasura-Role and X-Hasura-* variables;
//    a wrong secret is 401;
//  - else, with a JWT secret, "Authorization: Bearer <jwt>" decides role and variables from the
//    claims (x-hasura-allowed-roles, x-hasura-default-role; X-Hasura-Role picks an allowed role);
//  - else the unauthorized role if configured, or 401 access-denied;
//  - no admin secret at all (development): every request is admin; headers pick role/variables.
#pragma once

#include "server/config.hpp"
#include "server/jwt.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace graphgate::server {

// The headers auth looks at, already extracted from the HTTP request (keeps auth free of Beast).
struct AuthHeaders {
    std::optional<std::string> admin_secret;   // X-Hasura-Admin-Secret / X-Hasura-Access-Key
    std::optional<std::string> authorization;  // Authorization
    std::optional<std::string> role;           // X-Hasura-Role
    // Every other X-Hasura-* header, name lower-cased (session variables in admin/dev mode).
    std::vector<std::pair<std::string, std::string>> variables;
};

// The credentials among header fields (name, value), in the order given: HTTP headers, or the
// connection_init payload of a WebSocket.
AuthHeaders credentials_of(const std::vector<std::pair<std::string, std::string>>& fields);

struct Session {
    std::string role;          // "admin" or a Postgres role name
    nlohmann::json variables;  // {"x-hasura-role": ..., "x-hasura-user-id": ...}, keys lower-case
    // From a JWT with an exp: when (Unix seconds) its credentials stop being accepted.  A
    // WebSocket authenticated with it is closed then.
    std::optional<double> expires_at;
    bool is_admin() const { return role == "admin"; }
};

class Authenticator {
public:
    // Throws JwtConfigError for an unusable JWT secret.
    explicit Authenticator(const Config& config);

    std::variant<Session, AuthError> authenticate(const AuthHeaders& headers, long long now_unix) const;

    bool development_mode() const { return admin_secret_.empty(); }

private:
    std::variant<Session, AuthError> from_jwt(const std::string& authorization,
                                              const std::optional<std::string>& requested_role,
                                              long long now_unix) const;
    std::variant<Session, AuthError> from_headers(const AuthHeaders& headers) const;

    std::string admin_secret_;
    std::string unauthorized_role_;
    std::unique_ptr<JwtVerifier> jwt_;
};

// Constant-time comparison (the admin secret must not leak through response timing).
bool secrets_equal(const std::string& a, const std::string& b);

}  // namespace graphgate::server
