#include "pg/remote_connection.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <new>
#include <set>

#include "core/metadata/error.hpp"
#include "pg/guard.hpp"
#include "pg/pq_result.hpp"

extern "C" {
#include <libpq-fe.h>

#include "commands/defrem.h"
#include "foreign/foreign.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/fd.h"
#include "storage/latch.h"
}

namespace graphgate::pg {
namespace {

// User-mapping options in postgres_fdw; everything else that libpq knows belongs to the server.
const std::set<std::string> kUserOptions = {"user", "password", "sslpassword", "sslkey", "sslcert"};
// libpq options postgres_fdw refuses (it sets them itself).
const std::set<std::string> kRefused = {"client_encoding", "fallback_application_name", "replication"};

// libpq's keywords do not change while the backend lives: read once (PQconndefaults also reads
// the environment and the service file, too much for every request).
const std::set<std::string>& libpq_keywords() {
    static const std::set<std::string> keywords = [] {
        std::set<std::string> out;
        PQconninfoOption* defaults = PQconndefaults();
        if (!defaults) throw MetadataError("unexpected", "out of memory reading libpq's connection options");
        for (PQconninfoOption* o = defaults; o->keyword; ++o) out.insert(o->keyword);
        PQconninfoFree(defaults);
        return out;
    }();
    return keywords;
}

// libpq's reading of connect_timeout: seconds, 0 for none, and at least 2 (shorter ones are
// too short to be meant).
int connect_timeout_seconds(const std::string& value) {
    int seconds = std::atoi(value.c_str());
    if (seconds <= 0) return 0;
    return std::max(seconds, 2);
}

long milliseconds_until(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return std::max<long>(0, static_cast<long>(left.count()));
}

// Waits for the socket (`events`), the latch or the timeout (-1: none), then processes
// interrupts: a cancel or timeout surfaces here as PgError.  False on timeout.
bool wait_for_socket(PGconn* conn, int events, long timeout_ms) {
    int socket = PQsocket(conn);
    int flags = WL_LATCH_SET | WL_EXIT_ON_PM_DEATH | events | (timeout_ms >= 0 ? WL_TIMEOUT : 0);
    int fired = 0;
    pg_call([&]() noexcept {
        fired = WaitLatchOrSocket(MyLatch, flags, socket, timeout_ms, PG_WAIT_EXTENSION);
        if (fired & WL_LATCH_SET) ResetLatch(MyLatch);
        CHECK_FOR_INTERRUPTS();
    });
    return !(fired & WL_TIMEOUT);
}

// Asks the remote to stop the query under way, as pgfdw_cancel_query; the connection is
// dropped afterwards, so its answer is not awaited.
void cancel_query(PGconn* conn) noexcept {
    if (PGcancel* request = PQgetCancel(conn)) {
        char error[256];
        PQcancel(request, error, sizeof error);
        PQfreeCancel(request);
    }
}

MetadataError query_failed(const std::string& source, PGconn* conn, PGresult* result = nullptr) {
    const char* message = result ? PQresultErrorMessage(result) : nullptr;
    std::string why = trimmed_libpq_message(message && *message ? message : PQerrorMessage(conn));
    return MetadataError("unexpected", "query on source \"" + source + "\" failed: " + why).with_sqlstate("58000");
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
    Oid id = pg_call([&]() noexcept { return GetForeignServerByName(server.c_str(), false)->serverid; });
    return fdw_connection(id).options;
}

FdwConnection fdw_connection(unsigned int server) {
    const std::set<std::string>& keywords = libpq_keywords();
    List* server_options = nullptr;
    List* user_options = nullptr;
    FdwConnection out;
    pg_call([&]() noexcept {
        ForeignServer* fs = GetForeignServer(server);
        UserMapping* um = GetUserMapping(GetUserId(), fs->serverid);
        server_options = fs->options;
        user_options = um->options;
        out.user_mapping = um->umid;
        ListCell* cell;
        foreach (cell, um->options) {
            DefElem* def = static_cast<DefElem*>(lfirst(cell));
            if (strcmp(def->defname, "password_required") == 0) out.password_required = defGetBoolean(def);
        }
    });
    out.options = options_of(server_options, keywords);
    Options user = options_of(user_options, keywords);
    out.options.insert(out.options.end(), user.begin(), user.end());
    return out;
}

unsigned int user_mapping_of(unsigned int server) {
    return pg_call([&]() noexcept { return GetUserMapping(GetUserId(), server)->umid; });
}

RemoteConnection::RemoteConnection(const std::string& source, const Options& options, bool password_required)
    : source_(source) {
    try {
        connect(options, password_required);
    } catch (...) {
        release();
        throw;
    }
}

RemoteConnection::~RemoteConnection() { release(); }

void RemoteConnection::release() noexcept {
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    if (holds_fd_) ReleaseExternalFD();
    holds_fd_ = false;
}

void RemoteConnection::cancel() noexcept {
    if (conn_) cancel_query(conn_);
}

void RemoteConnection::connect(const Options& options, bool password_required) {
    bool has_password = false;
    int timeout_seconds = 10;
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [k, v] : options) {
        has_password |= k == "password";
        if (k == "connect_timeout") timeout_seconds = connect_timeout_seconds(v);
        keys.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    // The same rule as postgres_fdw: a non-superuser may not borrow the server's own identity
    // (peer or trust authentication of the postgres OS user) to reach another database.
    bool is_superuser = pg_call([]() noexcept { return superuser(); });
    password_required = password_required && !is_superuser;
    if (password_required && !has_password)
        throw MetadataError("permission-denied", "password is required to connect to source \"" + source_ + "\"")
            .with_sqlstate("2F003")
            .with_hint("Non-superusers must provide a password in the connection string.");
    keys.push_back("fallback_application_name");
    values.push_back("graphgate");
    keys.push_back(nullptr);
    values.push_back(nullptr);

    holds_fd_ = pg_call([]() noexcept { return AcquireExternalFD(); });
    if (!holds_fd_)
        throw MetadataError("unexpected", "could not connect to source \"" + source_ + "\": out of file descriptors")
            .with_sqlstate("08001")
            .with_hint("Raise the server's max_files_per_process and/or \"ulimit -n\" limits.");
    conn_ = PQconnectStartParams(keys.data(), values.data(), 0);
    if (!conn_) throw std::bad_alloc();
    // libpq's connect_timeout only binds its blocking connect; here the deadline is ours.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    PostgresPollingStatusType status = PQstatus(conn_) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING;
    while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED) {
        int event = status == PGRES_POLLING_READING ? WL_SOCKET_READABLE : WL_SOCKET_WRITEABLE;
        long left = timeout_seconds == 0 ? -1 : milliseconds_until(deadline);
        if (left == 0 || !wait_for_socket(conn_, event, left))
            throw MetadataError("invalid-configuration", "could not connect to source \"" + source_ +
                                                             "\": timeout expired after " +
                                                             std::to_string(timeout_seconds) + " seconds")
                .with_sqlstate("08001");
        status = PQconnectPoll(conn_);
    }
    if (status == PGRES_POLLING_FAILED) {
        std::string why = trimmed_libpq_message(PQerrorMessage(conn_));
        // libpq's first line says what failed; the rest (a guess at the cause) is detail.
        std::string detail;
        if (size_t nl = why.find('\n'); nl != std::string::npos) {
            size_t start = why.find_first_not_of("\n\t ", nl);
            if (start != std::string::npos) detail = why.substr(start);
            why.resize(nl);
        }
        throw MetadataError("invalid-configuration", "could not connect to source \"" + source_ + "\": " + why)
            .with_sqlstate("08001")
            .with_detail(detail);
    }
    if (password_required && !PQconnectionUsedPassword(conn_))
        throw MetadataError("permission-denied", "source \"" + source_ + "\" did not ask for the password")
            .with_sqlstate("2F003")
            .with_hint("Non-superusers may only use sources that authenticate with a password.");
    if (PQsetnonblocking(conn_, 1) != 0) throw query_failed(source_, conn_);
}

Rows RemoteConnection::query(const std::string& sql, const std::vector<Value>& params) {
    std::vector<const char*> values;
    for (const Value& p : params) values.push_back(p ? p->c_str() : nullptr);
    if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                           nullptr, 0))
        throw query_failed(source_, conn_);
    PqResult last;
    try {
        // Non-blocking: PQflush says 1 while the query is not all sent yet.
        for (int sent; (sent = PQflush(conn_)) != 0;) {
            if (sent < 0) throw query_failed(source_, conn_);
            wait_for_socket(conn_, WL_SOCKET_READABLE | WL_SOCKET_WRITEABLE, -1);
            if (!PQconsumeInput(conn_)) throw query_failed(source_, conn_);
        }
        for (;;) {
            while (PQisBusy(conn_)) {
                wait_for_socket(conn_, WL_SOCKET_READABLE, -1);
                if (!PQconsumeInput(conn_)) throw query_failed(source_, conn_);
            }
            PqResult next(PQgetResult(conn_));
            if (!next) break;
            last = std::move(next);
        }
    } catch (const PgError&) {
        cancel_query(conn_);
        throw;
    }
    if (!last || PQresultStatus(last.get()) != PGRES_TUPLES_OK) throw query_failed(source_, conn_, last.get());
    Rows out;
    int ncols = PQnfields(last.get());
    int nrows = PQntuples(last.get());
    for (int c = 0; c < ncols; ++c) out.columns.emplace_back(PQfname(last.get(), c));
    for (int r = 0; r < nrows; ++r) {
        std::vector<Value> row;
        for (int c = 0; c < ncols; ++c)
            row.emplace_back(PQgetisnull(last.get(), r, c) ? Value() : Value(PQgetvalue(last.get(), r, c)));
        out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace graphgate::pg
