// libFuzzer target for JWT parsing and verification (src/server/jwt.cpp) and for turning the
// claims into a session (Authenticator).  A mutated token almost never carries a valid
// signature, so the first byte picks what the rest is:
//   0      a compact token, verified as it is by every verifier (the corpus holds valid HS256
//          tokens, so mutations of their claims still reach decoding; signatures then fail)
//   1/2/3  "<header JSON>\n<payload JSON>", which the harness signs itself (HS256, RS256 with a
//          key made at start, HS512 with stringified claims, audience, issuer and skew), so that
//          arbitrary claims reach the exp/nbf/iat, audience, issuer and claims checks.
// Properties beyond "no crash": a token whose exp/nbf/iat is present and not a number is never
// accepted; an accepted token is not expired at the fixed clock; every refusal has Hasura's
// status 400, a code and a message; a session's variables dump as JSON without U+0000.

#include "server/auth.hpp"
#include "server/json_reader.hpp"
#include "server/jwt.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

using namespace graphgate::server;
using nlohmann::json;

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "property violated: %s\n", what);
        std::abort();
    }
}

constexpr long long kNow = 1700000000;
const std::string kHsKey = "a-fuzzing-hs256-key-that-is-long-enough-0123";  // also in make_corpus.mjs
const std::string kHs512Key = kHsKey + kHsKey + "-more-than-64-bytes-for-hs512";

std::string b64url(const std::string& in) {
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    unsigned int acc = 0;
    int bits = 0;
    for (unsigned char c : in) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(alphabet[(acc >> bits) & 63]);
        }
    }
    if (bits > 0) out.push_back(alphabet[(acc << (6 - bits)) & 63]);
    return out;
}

struct Keys {
    EVP_PKEY* rsa = nullptr;  // made once: signing with a fixed key needs no PEM in the source
    std::string rsa_public_pem;
    Keys() {
        rsa = EVP_RSA_gen(1024);  // small: the harness signs on every RS256 input
        check(rsa != nullptr, "RSA key generation");
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PUBKEY(bio, rsa);
        char* text = nullptr;
        long n = BIO_get_mem_data(bio, &text);
        rsa_public_pem.assign(text, static_cast<std::size_t>(n));
        BIO_free(bio);
    }
};

const Keys& keys() {
    static const Keys k;
    return k;
}

std::string hmac(const EVP_MD* md, const std::string& key, const std::string& input) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(input.data()),
         input.size(), mac, &len);
    return std::string(reinterpret_cast<char*>(mac), len);
}

std::string rsa_sign(const std::string& input) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::size_t len = 0;
    EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, keys().rsa);
    EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string sig(len, '\0');
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    sig.resize(len);
    return sig;
}

struct Target {
    std::unique_ptr<JwtVerifier> verifier;
    std::unique_ptr<Authenticator> auth;
    long long skew;
};

Target make_target(const json& jwt_config, long long skew) {
    Config config;
    config.admin_secret = "fuzz-admin-secret";
    config.jwt_secret = jwt_config.dump();
    return Target{std::make_unique<JwtVerifier>(config.jwt_secret), std::make_unique<Authenticator>(config), skew};
}

const Target& target(int which) {
    static const Target hs256 = make_target({{"type", "HS256"}, {"key", kHsKey}}, 0);
    static const Target rs256 = make_target(
        {{"type", "RS256"}, {"key", keys().rsa_public_pem}, {"audience", {"fuzz-aud", "other"}}, {"issuer", "fuzz-iss"}}, 0);
    static const Target hs512 = make_target({{"type", "HS512"},
                                             {"key", kHs512Key},
                                             {"claims_format", "stringified_json"},
                                             {"claims_namespace", "ns"},
                                             {"allowed_skew", 30}},
                                            30);
    return which == 1 ? hs256 : which == 2 ? rs256 : hs512;
}

void check_outcome(const std::variant<json, AuthError>& verified, const std::optional<json>& payload, long long skew) {
    if (auto* err = std::get_if<AuthError>(&verified)) {
        check(err->status == 400 && !err->code.empty() && !err->message.empty(), "a refusal has 400, code, message");
        return;
    }
    check(std::get<json>(verified).is_object(), "accepted claims are an object");
    check(payload.has_value(), "an accepted token has a payload that parses");
    for (const char* name : {"exp", "nbf", "iat"})
        check(!payload->contains(name) || (*payload)[name].is_number(), "a NumericDate claim is a number");
    const double now = static_cast<double>(kNow), leeway = static_cast<double>(skew);
    if (payload->contains("exp")) check(now < (*payload)["exp"].get<double>() + leeway, "accepted: not expired");
    if (payload->contains("nbf")) check(now + leeway >= (*payload)["nbf"].get<double>(), "accepted: valid already");
    if (payload->contains("iat")) check((*payload)["iat"].get<double>() <= now + leeway, "accepted: not issued later");
}

void check_session(const std::variant<Session, AuthError>& result) {
    if (auto* err = std::get_if<AuthError>(&result)) {
        check(!err->code.empty() && !err->message.empty(), "an auth error has a code and a message");
        return;
    }
    const Session& s = std::get<Session>(result);
    check(!s.role.empty(), "a session has a role");
    std::string text;
    try {
        text = s.variables.dump();
    } catch (const json::exception&) {
        check(false, "the session dumps as JSON");
    }
    check(text.find("\\u0000") == std::string::npos, "no NUL in the session");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const int mode = data[0] % 4;
    std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (mode == 0) {
        for (int which : {1, 2, 3}) {
            const Target& t = target(which);
            auto verified = t.verifier->verify(rest, kNow);
            auto dot = rest.find('.');
            std::optional<json> payload;
            if (dot != std::string::npos)
                if (auto raw = base64url_decode(rest.substr(dot + 1, rest.find('.', dot + 1) - dot - 1)))
                    payload = parse_json(*raw);
            check_outcome(verified, payload, t.skew);
        }
        AuthHeaders headers;
        headers.authorization = "Bearer " + rest;
        check_session(target(1).auth->authenticate(headers, kNow));
        return 0;
    }
    const auto newline = rest.find('\n');
    if (newline == std::string::npos) return 0;
    const std::string header = rest.substr(0, newline), payload_text = rest.substr(newline + 1);
    const std::string input = b64url(header) + "." + b64url(payload_text);
    const std::string signature = mode == 1   ? hmac(EVP_sha256(), kHsKey, input)
                                  : mode == 2 ? rsa_sign(input)
                                              : hmac(EVP_sha512(), kHs512Key, input);
    const std::string token = input + "." + b64url(signature);
    const Target& t = target(mode);
    check_outcome(t.verifier->verify(token, kNow), parse_json(payload_text), t.skew);
    AuthHeaders headers;
    headers.authorization = "Bearer " + token;
    if (data[size - 1] & 1) headers.role = "user";  // X-Hasura-Role: the requested-role path
    check_session(t.auth->authenticate(headers, kNow));
    return 0;
}
