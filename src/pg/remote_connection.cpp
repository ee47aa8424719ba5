#include "pg/remote_connection.hpp"

#include <algorithm>
#include <set>

#include "core/metadata/error.hpp"
#include "pg/guard.hpp"

extern "C" {
#include <libpq-fe.h>

#include "foreign/foreign.h"
#include "miscadmin.h"
#include "commands/defrem.h"
}

namespace graphgate::pg {
namespace {

// User-mapping options in postgres_fdw; everything else that libpq knows belongs to the server.
const std::set<std::string> kUserOptions = {"user", "password", "sslpassword", "sslkey", "sslcert"};
// libpq options postgres_fdw refuses (it sets them itself).
const std::set<std::string> kRefused = {"client_encoding", "fallback_application_name", "replication"};

std::set<std::string> libpq_keywords() {
    std::set<std::string> out;
    PQconninfoOption* defaults = PQconndefaults();
    if (!defaults) throw MetadataError("unexpected", "out of memory reading libpq's connection options");
    for (PQconninfoOption* o = defaults; o->keyword; ++o) out.insert(o->keyword);
    PQconninfoFree(defaults);
    return out;
}

std::string trimmed_libpq_message(const char* message) {
    std::string m = message ? message : "";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return m;
}

Options options_of(List* list, const std::set<std::string>& keywords) {
    Options out;
    ListCell* cell;
    foreach (cell, list) {
        DefElem* def = static_cast<DefElem*>(lfirst(cell));
        if (keywords.count(def->defname)) out.emplace_back(def->defname, defGetString(def));
    }
    return out;
}

}  // namespace

SplitConnection split_connection(const std::string& source, const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
    if (!parsed) {
        std::string why = error ? trimmed_libpq_message(error) : "out of memory";
        if (error) PQfreemem(error);
        throw MetadataError("invalid-configuration", "invalid connection string for source \"" + source + "\": " + why);
    }
    SplitConnection out;
    std::string refused;
    for (PQconninfoOption* o = parsed; o->keyword; ++o) {
        if (!o->val || !*o->val) continue;
        std::string key = o->keyword;
        if (kRefused.count(key)) refused = key;
        else if (kUserOptions.count(key)) out.user.emplace_back(key, o->val);
        else out.server.emplace_back(key, o->val);
    }
    PQconninfoFree(parsed);
    if (!refused.empty())
        throw MetadataError("invalid-configuration", "connection option \"" + refused + "\" of source \"" + source +
                                                         "\" is not supported: postgres_fdw sets it itself");
    return out;
}

Options fdw_connection_options(const std::string& server) {
    std::set<std::string> keywords = libpq_keywords();
    List* server_options = nullptr;
    List* user_options = nullptr;
    pg_call([&] {
        ForeignServer* fs = GetForeignServerByName(server.c_str(), false);
        UserMapping* um = GetUserMapping(GetUserId(), fs->serverid);
        server_options = fs->options;
        user_options = um->options;
    });
    Options out = options_of(server_options, keywords);
    Options user = options_of(user_options, keywords);
    out.insert(out.end(), user.begin(), user.end());
    return out;
}

RemoteConnection::RemoteConnection(const std::string& source, const Options& options) : source_(source) {
    bool has_password = false;
    bool has_timeout = false;
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [k, v] : options) {
        has_password |= k == "password";
        has_timeout |= k == "connect_timeout";
        keys.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    // The same rule as postgres_fdw: a non-superuser may not borrow the server's own identity
    // (peer or trust authentication of the postgres OS user) to reach another database.
    bool is_superuser = pg_call([] { return superuser(); });
    if (!is_superuser && !has_password)
        throw MetadataError("permission-denied", "password is required to connect to source \"" + source + "\"")
            .with_sqlstate("2F003")
            .with_hint("Non-superusers must provide a password in the connection string.");
    if (!has_timeout) {
        keys.push_back("connect_timeout");
        values.push_back("10");
    }
    keys.push_back("fallback_application_name");
    values.push_back("graphgate");
    keys.push_back(nullptr);
    values.push_back(nullptr);
    conn_ = PQconnectdbParams(keys.data(), values.data(), 0);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
        std::string why = conn_ ? trimmed_libpq_message(PQerrorMessage(conn_)) : "out of memory";
        if (conn_) PQfinish(conn_);
        conn_ = nullptr;
        // libpq's first line says what failed; the rest (a guess at the cause) is detail.
        std::string detail;
        if (size_t nl = why.find('\n'); nl != std::string::npos) {
            size_t start = why.find_first_not_of("\n\t ", nl);
            if (start != std::string::npos) detail = why.substr(start);
            why.resize(nl);
        }
        throw MetadataError("invalid-configuration", "could not connect to source \"" + source + "\": " + why)
            .with_sqlstate("08001")
            .with_detail(detail);
    }
    if (!is_superuser && !PQconnectionUsedPassword(conn_)) {
        PQfinish(conn_);
        conn_ = nullptr;
        throw MetadataError("permission-denied", "source \"" + source + "\" did not ask for the password")
            .with_sqlstate("2F003")
            .with_hint("Non-superusers may only use sources that authenticate with a password.");
    }
}

RemoteConnection::~RemoteConnection() {
    if (conn_) PQfinish(conn_);
}

Rows RemoteConnection::query(const std::string& sql, const std::vector<Value>& params) {
    std::vector<const char*> values;
    for (const Value& p : params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* res = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                 nullptr, nullptr, 0);
    if (!res || PQresultStatus(res) != PGRES_TUPLES_OK) {
        std::string why = trimmed_libpq_message(PQerrorMessage(conn_));
        if (res) PQclear(res);
        throw MetadataError("unexpected", "query on source \"" + source_ + "\" failed: " + why).with_sqlstate("58000");
    }
    Rows out;
    int ncols = PQnfields(res);
    int nrows = PQntuples(res);
    for (int c = 0; c < ncols; ++c) out.columns.emplace_back(PQfname(res, c));
    for (int r = 0; r < nrows; ++r) {
        std::vector<Value> row;
        for (int c = 0; c < ncols; ++c)
            row.emplace_back(PQgetisnull(res, r, c) ? Value() : Value(PQgetvalue(res, r, c)));
        out.rows.push_back(std::move(row));
    }
    PQclear(res);
    return out;
}

}  // namespace graphgate::pg
