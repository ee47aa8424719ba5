#include "server/auth.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace graphgate::server {

using nlohmann::json;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool starts_with_ci(const std::string& s, const std::string& prefix) {
    return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

// Session variable values are text, as Hasura's; other JSON claim values keep their JSON text.
std::string claim_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

const std::string kUnauthorized = "invalid x-hasura-admin-secret/x-hasura-access-key";

// The session travels to Postgres as jsonb: its names and values must be UTF-8 (a header may
// carry any byte above 0x7f) without U+0000 (a JWT claim may contain \u0000).  Returns the
// first variable that is not, and why.
std::optional<std::pair<std::string, const char*>> unusable_variable(const Session& s) {
    for (const auto& [name, value] : s.variables.items()) {
        const std::string& text = value.get_ref<const std::string&>();
        if (name.find('\0') != std::string::npos || text.find('\0') != std::string::npos)
            return std::pair{name, "contains the character U+0000 (NUL)"};
        try {
            (void)value.dump();
        } catch (const json::type_error&) {
            return std::pair{name, "is not valid UTF-8"};
        }
    }
    return std::nullopt;
}

}  // namespace

// A header given twice counts once, as its first occurrence (Hasura reads the first), and
// X-Hasura-Admin-Secret wins over the deprecated X-Hasura-Access-Key wherever each stands: a
// wrong value appended by a proxy or a client must not override the right one, nor the other way.
AuthHeaders credentials_of(const std::vector<std::pair<std::string, std::string>>& fields) {
    AuthHeaders h;
    std::optional<std::string> access_key;
    for (const auto& field : fields) {
        // Not a structured binding: C++17 lambdas cannot capture one (clang refuses).
        const std::string& field_value = field.second;
        std::string name = lower(field.first);
        auto first = [&](std::optional<std::string>& slot) {
            if (!slot) slot = field_value;
        };
        if (name == "x-hasura-admin-secret") first(h.admin_secret);
        else if (name == "x-hasura-access-key") first(access_key);
        else if (name == "x-hasura-role") first(h.role);
        else if (name == "authorization") first(h.authorization);
        else if (name.rfind("x-hasura-", 0) == 0 &&
                 std::none_of(h.variables.begin(), h.variables.end(), [&](const auto& v) { return v.first == name; }))
            h.variables.emplace_back(std::move(name), field_value);
    }
    if (!h.admin_secret) h.admin_secret = std::move(access_key);
    return h;
}

bool secrets_equal(const std::string& a, const std::string& b) {
    // Hash both sides so that the comparison does not stop early, not even on the length.
    unsigned char ha[SHA256_DIGEST_LENGTH], hb[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(a.data()), a.size(), ha);
    SHA256(reinterpret_cast<const unsigned char*>(b.data()), b.size(), hb);
    return CRYPTO_memcmp(ha, hb, sizeof ha) == 0;
}

Authenticator::Authenticator(const Config& config)
    : admin_secret_(config.admin_secret), unauthorized_role_(config.unauthorized_role) {
    if (!config.jwt_secret.empty()) jwt_ = std::make_unique<JwtVerifier>(config.jwt_secret);
}

std::variant<Session, AuthError> Authenticator::from_headers(const AuthHeaders& headers) const {
    Session s;
    s.role = headers.role && !headers.role->empty() ? *headers.role : "admin";
    s.variables = json::object();
    for (const auto& [name, value] : headers.variables) s.variables[name] = value;
    s.variables["x-hasura-role"] = s.role;
    if (auto bad = unusable_variable(s))
        return AuthError{400, "invalid-headers", "the value of header " + bad->first + " " + bad->second};
    return s;
}

std::variant<Session, AuthError> Authenticator::authenticate(const AuthHeaders& headers, long long now) const {
    if (development_mode()) return from_headers(headers);

    if (headers.admin_secret) {
        if (!secrets_equal(*headers.admin_secret, admin_secret_)) return AuthError{401, "access-denied", kUnauthorized};
        return from_headers(headers);
    }
    if (jwt_ && headers.authorization) return from_jwt(*headers.authorization, headers.role, now);
    if (!unauthorized_role_.empty()) {
        Session s;
        s.role = unauthorized_role_;
        s.variables = json{{"x-hasura-role", unauthorized_role_}};
        return s;
    }
    if (jwt_)
        return AuthError{401, "access-denied", "Missing 'Authorization' or 'Cookie' header in JWT authentication mode"};
    return AuthError{401, "access-denied", kUnauthorized};
}

std::variant<Session, AuthError> Authenticator::from_jwt(const std::string& authorization,
                                                         const std::optional<std::string>& requested_role,
                                                         long long now) const {
    if (!starts_with_ci(authorization, "bearer ")) return AuthError{400, "invalid-headers", "Malformed Authorization header"};
    std::string token = authorization.substr(7);
    token.erase(0, token.find_first_not_of(' '));
    while (!token.empty() && token.back() == ' ') token.pop_back();

    std::optional<double> expires_at;
    auto verified = jwt_->verify(token, now, &expires_at);
    if (auto* err = std::get_if<AuthError>(&verified)) return *err;
    const json& raw = std::get<json>(verified);

    // Hasura matches claim names case-insensitively.
    json claims = json::object();
    for (const auto& [k, v] : raw.items()) claims[lower(k)] = v;

    auto allowed_it = claims.find("x-hasura-allowed-roles");
    if (allowed_it == claims.end())
        return AuthError{400, "jwt-missing-role-claims", "JWT claim does not contain x-hasura-allowed-roles"};
    if (!allowed_it->is_array() || !std::all_of(allowed_it->begin(), allowed_it->end(), [](const json& r) { return r.is_string(); }))
        return AuthError{400, "jwt-invalid-claims",
                         "invalid x-hasura-allowed-roles; should be a list of roles"};
    auto default_it = claims.find("x-hasura-default-role");
    if (default_it == claims.end())
        return AuthError{400, "jwt-missing-role-claims", "JWT claim does not contain x-hasura-default-role"};
    if (!default_it->is_string())
        return AuthError{400, "jwt-invalid-claims", "invalid x-hasura-default-role; should be a role"};

    std::vector<std::string> allowed;
    for (const auto& r : *allowed_it) allowed.push_back(r.get<std::string>());
    auto is_allowed = [&](const std::string& r) { return std::find(allowed.begin(), allowed.end(), r) != allowed.end(); };

    Session s;
    if (requested_role && !requested_role->empty()) {
        if (!is_allowed(*requested_role)) return AuthError{400, "access-denied", "Your requested role is not in allowed roles"};
        s.role = *requested_role;
    } else {
        s.role = default_it->get<std::string>();
        if (!is_allowed(s.role)) return AuthError{400, "access-denied", "Your current role is not in allowed roles"};
    }
    s.variables = json::object();
    for (const auto& [k, v] : claims.items()) {
        if (k.rfind("x-hasura-", 0) != 0 || k == "x-hasura-allowed-roles" || k == "x-hasura-default-role") continue;
        s.variables[k] = claim_text(v);
    }
    s.variables["x-hasura-role"] = s.role;
    s.expires_at = expires_at;
    if (auto bad = unusable_variable(s))
        return AuthError{400, "jwt-invalid-claims", "x-hasura-* claims: " + json(bad->first).dump() + " " + bad->second};
    return s;
}

}  // namespace graphgate::server
