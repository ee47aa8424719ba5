// graphgate.remote_fetch(requests): the remote executor's one call per level (design §8a).
// Every request of the level is sent before any answer is awaited, on the sources' pooled
// connections in libpq pipeline mode: a statement is prepared on its first use on a connection
// and executed by name afterwards, and the prepare, the execute and the sync of a request travel
// together, so a level costs one round trip to each of its sources, all of them at once.  The
// waits are one WaitEventSet over every socket and the latch, with interrupts processed:
// statement_timeout and pg_cancel_backend stop them, and the queries under way are cancelled
// remotely.  Reads are single statements in autocommit on the remote side: no transaction,
// cursor or savepoint.
//
// Privileges are checked here before anything is sent: SELECT on the tracked foreign table's
// columns the request reads, and the caller's own user mapping picks the connection.
#include <optional>
#include <string>
#include <vector>

#include "core/metadata/error.hpp"
#include "pg/guard.hpp"
#include "pg/pq_result.hpp"
#include "pg/remote_pool.hpp"
#include "pg/remote_requests.hpp"

extern "C" {
#include <libpq-fe.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "foreign/foreign.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/latch.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/tuplestore.h"
}

namespace graphgate::pg {
namespace {

// One element of the requests array (graphgate.remote_request): a registered request and the
// values of its parameters for this execution.
struct Request {
    int64_t id = 0;
    const RegisteredRequest* registered = nullptr;
    double key_count = 0;      // elements of the first key array
    std::vector<Value> params;

    const compile::RemoteRequest& spec() const { return registered->request; }
};

// Past this share of the target's rows, fetching the whole target and joining locally beats
// shipping the keys (measured here: about 60 %).
constexpr double kKeylessShare = 0.6;

// The requests array read in two steps: Postgres' side copies every field into plain C values
// (palloc'd, nothing with a destructor), then the C++ side builds the Requests from them.
struct RawRequest {
    int64 id = 0;
    int64 key_count = 0;
    int nparams = 0;
    char** params = nullptr;  // null for a NULL element
};

std::vector<Request> read_requests(FunctionCallInfo fcinfo) {
    if (PG_ARGISNULL(0)) return {};
    RawRequest* raw = nullptr;
    int n = 0;
    pg_call([&]() noexcept {
        ArrayType* array = PG_GETARG_ARRAYTYPE_P(0);
        Oid element_type = ARR_ELEMTYPE(array);
        int16 len;
        bool byval;
        char align;
        get_typlenbyvalalign(element_type, &len, &byval, &align);
        Datum* elements;
        bool* nulls;
        deconstruct_array(array, element_type, len, byval, align, &elements, &nulls, &n);
        raw = static_cast<RawRequest*>(palloc0(sizeof(RawRequest) * (n + 1)));
        for (int i = 0; i < n; ++i) {
            if (nulls[i])
                ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                                errmsg("graphgate: remote request %d is null", i + 1)));
            HeapTupleHeader row = DatumGetHeapTupleHeader(elements[i]);
            bool isnull[3];
            Datum field[3];
            for (int a = 0; a < 3; ++a) field[a] = GetAttributeByNum(row, a + 1, &isnull[a]);
            if (isnull[0] || isnull[2])
                ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                                errmsg("graphgate: remote request %d lacks its id or parameters", i + 1)));
            RawRequest& r = raw[i];
            r.id = DatumGetInt64(field[0]);
            r.key_count = isnull[1] ? 0 : DatumGetInt64(field[1]);
            Datum* values;
            bool* value_nulls;
            deconstruct_array(DatumGetArrayTypeP(field[2]), TEXTOID, -1, false, TYPALIGN_INT, &values, &value_nulls,
                              &r.nparams);
            r.params = static_cast<char**>(palloc0(sizeof(char*) * (r.nparams + 1)));
            for (int p = 0; p < r.nparams; ++p) r.params[p] = value_nulls[p] ? nullptr : TextDatumGetCString(values[p]);
        }
    });
    std::vector<Request> out;
    for (int i = 0; i < n; ++i) {
        Request q;
        q.id = raw[i].id;
        q.registered = &registered_request(raw[i].id);
        q.key_count = static_cast<double>(raw[i].key_count);
        for (int p = 0; p < raw[i].nparams; ++p) q.params.push_back(raw[i].params[p] ? Value(raw[i].params[p]) : Value());
        // Refused here rather than by the source: a call written by hand sends nothing wrong.
        if (q.params.size() != q.spec().param_types.size())
            throw MetadataError("unexpected", "graphgate: remote request " + std::to_string(q.id) + " has " +
                                                  std::to_string(q.params.size()) + " parameters, its statement takes " +
                                                  std::to_string(q.spec().param_types.size()))
                .with_sqlstate("22023");
        out.push_back(std::move(q));
    }
    return out;
}

// SELECT on every column the request reads, checked as the caller before anything is sent.
void check_privileges(const Request& r) {
    const std::vector<compile::RemoteRequest::Read>& reads = r.spec().reads;
    for (size_t i = 0; i < reads.size(); ++i) {
        Oid table = r.registered->tables[i];
        const std::vector<std::string>& columns = reads[i].columns;
        pg_call([&]() noexcept {
            Oid user = GetUserId();
            if (pg_class_aclcheck(table, user, ACL_SELECT) == ACLCHECK_OK) return;
            for (const std::string& column : columns) {
                AttrNumber attnum = get_attnum(table, column.c_str());
                if (attnum == InvalidAttrNumber || pg_attribute_aclcheck(table, attnum, user, ACL_SELECT) != ACLCHECK_OK)
                    ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                                    errmsg("permission denied for column \"%s\" of relation \"%s\"", column.c_str(),
                                           get_rel_name(table))));
            }
        });
    }
}

// What a source answered instead of rows: its message, SQLSTATE, detail and hint, named after
// the source ("remote source \"users_db\": ...").
struct RemoteFailure {
    std::string source;
    std::string message;
    std::string sqlstate = "08006";
    std::string detail;
    std::string hint;

    MetadataError error() const {
        // The source's own cancels, shutdowns and resource errors are failures of that source
        // here, not a cancel or out-of-memory of this backend (which would end the request).
        std::string code = sqlstate;
        if (code.rfind("57", 0) == 0) code = "08006";
        if (code == "53200") code = "53000";
        return MetadataError("postgres-error", "remote source \"" + source + "\": " + message)
            .with_sqlstate(code)
            .with_detail(detail)
            .with_hint(hint);
    }
};

RemoteFailure failure_of(const std::string& source, PGresult* result, PGconn* conn) {
    RemoteFailure f;
    f.source = source;
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    f.message = trimmed_libpq_message(primary ? primary : (result && *PQresultErrorMessage(result) ? PQresultErrorMessage(result)
                                                                                    : PQerrorMessage(conn)));
    if (const char* s = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr) f.sqlstate = s;
    if (const char* s = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL) : nullptr) f.detail = s;
    if (const char* s = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_HINT) : nullptr) f.hint = s;
    return f;
}

// The libpq commands one connection owes answers for, in the order it sent them.
struct Command {
    enum Kind { Prepare, Execute } kind;
    int64_t request;        // the request's id
    std::string sql;        // Prepare: the statement, recorded as prepared once the remote says so
    std::string statement;  // Prepare: its name
};

struct Conversation {
    PooledConnection* pooled;
    std::vector<const Request*> requests;
    bool reused = false;     // the connection served earlier fetches (it may have died since)
    std::vector<Command> commands;
    size_t answered = 0;     // commands whose answer is complete
    size_t rows = 0;         // rows taken into the result
    bool flushed = false;
    bool synced = false;     // the pipeline's sync point has come back: done
    bool broken = false;     // the connection failed at the protocol level
    std::optional<RemoteFailure> failure;
    int event = -1;          // position in the wait set

    PGconn* conn() const { return pooled->connection->raw(); }
    const std::string& source() const { return pooled->connection->source(); }
};

// A WaitEventSet, freed on every path (it holds an epoll descriptor).
class WaitSet {
public:
    explicit WaitSet(int capacity) {
        set_ = pg_call([&]() noexcept {
            WaitEventSet* s = CreateWaitEventSet(CurrentMemoryContext, capacity + 2);
            AddWaitEventToSet(s, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, nullptr);
            AddWaitEventToSet(s, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, nullptr, nullptr);
            return s;
        });
    }
    ~WaitSet() { FreeWaitEventSet(set_); }
    WaitSet(const WaitSet&) = delete;
    WaitSet& operator=(const WaitSet&) = delete;

    int add(Conversation& c, uint32 events) {
        return pg_call([&]() noexcept { return AddWaitEventToSet(set_, events, PQsocket(c.conn()), nullptr, &c); });
    }
    void modify(const Conversation& c, uint32 events) {
        pg_call([&]() noexcept { ModifyWaitEvent(set_, c.event, events, nullptr); });
    }
    // Waits for any event, then processes interrupts (a cancel or timeout throws PgError here).
    std::vector<Conversation*> wait(int capacity) {
        std::vector<WaitEvent> fired(static_cast<size_t>(capacity) + 2);
        int n = 0;
        pg_call([&]() noexcept {
            n = WaitEventSetWait(set_, -1, fired.data(), static_cast<int>(fired.size()), PG_WAIT_EXTENSION);
            for (int i = 0; i < n; ++i)
                if (fired[i].events & WL_LATCH_SET) ResetLatch(MyLatch);
            CHECK_FOR_INTERRUPTS();
        });
        std::vector<Conversation*> out;
        for (int i = 0; i < n; ++i)
            if (fired[i].user_data) out.push_back(static_cast<Conversation*>(fired[i].user_data));
        return out;
    }

private:
    WaitEventSet* set_ = nullptr;
};

// Queues a request's commands on its connection (nothing is sent until the flush).
void queue(Conversation& c, const Request& r, int64_t index) {
    PGconn* conn = c.conn();
    if (!c.pooled->in_pipeline) {
        if (!PQenterPipelineMode(conn)) throw failure_of(c.source(), nullptr, conn).error();
        c.pooled->in_pipeline = true;
    }
    const compile::RemoteRequest& spec = r.spec();
    bool keyless = spec.keyless_sql && spec.row_estimate > 0 && r.key_count > kKeylessShare * spec.row_estimate;
    const std::string& sql = keyless ? *spec.keyless_sql : spec.sql;
    std::vector<const char*> values;
    for (size_t i = keyless ? static_cast<size_t>(spec.keys) : 0; i < r.params.size(); ++i)
        values.push_back(r.params[i] ? r.params[i]->c_str() : nullptr);
    // Prepared on its first use on this connection (or earlier in this pipeline), then by name.
    std::string name;
    if (auto found = c.pooled->prepared.find(sql); found != c.pooled->prepared.end()) name = found->second;
    for (const Command& q : c.commands)
        if (name.empty() && q.kind == Command::Prepare && q.sql == sql) name = q.statement;
    if (name.empty()) {
        name = "graphgate_" + std::to_string(++c.pooled->statements);
        if (!PQsendPrepare(conn, name.c_str(), sql.c_str(), 0, nullptr)) throw failure_of(c.source(), nullptr, conn).error();
        c.commands.push_back(Command{Command::Prepare, index, sql, name});
    }
    if (!PQsendQueryPrepared(conn, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0))
        throw failure_of(c.source(), nullptr, conn).error();
    c.commands.push_back(Command{Command::Execute, index, {}, {}});
}

// Takes what has arrived on a connection: rows into the tuplestore, prepared statements into
// the pool's record, a failure kept (the rest of the pipeline is aborted remotely and drained).
void take_answers(Conversation& c, Tuplestorestate* store, AttInMetadata* meta) {
    PGconn* conn = c.conn();
    if (!PQconsumeInput(conn)) {
        c.broken = true;
        if (!c.failure) c.failure = failure_of(c.source(), nullptr, conn);
        return;
    }
    while (!c.synced && !PQisBusy(conn)) {
        PqResult result(PQgetResult(conn));
        if (!result) {  // the end of one command's answer
            ++c.answered;
            continue;
        }
        ExecStatusType status = PQresultStatus(result.get());
        if (status == PGRES_PIPELINE_SYNC) {
            c.synced = true;
            break;
        }
        if (c.answered >= c.commands.size()) continue;  // nothing more is expected but the sync
        const Command& command = c.commands[c.answered];
        if (status == PGRES_COMMAND_OK && command.kind == Command::Prepare) {
            c.pooled->prepared[command.sql] = command.statement;
        } else if (status == PGRES_TUPLES_OK && command.kind == Command::Execute) {
            int rows = PQntuples(result.get());
            if (PQnfields(result.get()) != 4)
                throw MetadataError("unexpected", "remote source \"" + c.source() + "\" answered " +
                                                      std::to_string(PQnfields(result.get())) + " columns, not 4");
            c.rows += static_cast<size_t>(rows);
            pg_call([&]() noexcept {
                const PGresult* res = result.get();
                Datum values[5];
                bool nulls[5] = {false, false, false, false, false};
                values[0] = Int64GetDatum(command.request);
                for (int r = 0; r < rows; ++r) {
                    CHECK_FOR_INTERRUPTS();
                    for (int col = 0; col < 4; ++col) {
                        int a = col + 1;
                        nulls[a] = PQgetisnull(res, r, col);
                        if (nulls[a]) continue;
                        char* text = PQgetvalue(res, r, col);
                        // The row's JSON (v) is taken as the source sent it, without json_in's
                        // second parse: the remote SQL graphgate compiled built it with
                        // json_build_object, and json is stored as its text.
                        values[a] = a == 4 ? PointerGetDatum(cstring_to_text_with_len(text, PQgetlength(res, r, col)))
                                           : InputFunctionCall(&meta->attinfuncs[a], text, meta->attioparams[a],
                                                               meta->atttypmods[a]);
                    }
                    HeapTuple tuple = heap_form_tuple(meta->tupdesc, values, nulls);
                    tuplestore_puttuple(store, tuple);
                    heap_freetuple(tuple);
                    for (int a = 1; a < 5; ++a)
                        if (!nulls[a] && a != 2) pfree(DatumGetPointer(values[a]));
                }
            });
        } else if (!c.failure) {
            c.failure = failure_of(c.source(), result.get(), conn);
        }
        // The source closed the connection (after saying why, as a server shutting a backend
        // down does): nothing more will come on it.
        if (PQstatus(conn) == CONNECTION_BAD) {
            c.broken = true;
            return;
        }
    }
}

// Sends every conversation's pipeline, then waits on all of them at once until each has come
// back to its sync point (or broken).
void exchange(std::vector<Conversation>& conversations, Tuplestorestate* store, AttInMetadata* meta) {
    int capacity = static_cast<int>(conversations.size());
    WaitSet waits(capacity);
    for (Conversation& c : conversations) {
        int sent = PQpipelineSync(c.conn()) ? PQflush(c.conn()) : -1;
        if (sent < 0 || PQsocket(c.conn()) < 0) {
            c.broken = true;
            c.failure = failure_of(c.source(), nullptr, c.conn());
            continue;
        }
        c.flushed = sent == 0;
        c.event = waits.add(c, WL_SOCKET_READABLE | (c.flushed ? 0 : WL_SOCKET_WRITEABLE));
    }
    auto busy = [&] {
        for (const Conversation& c : conversations)
            if (!c.synced && !c.broken) return true;
        return false;
    };
    while (busy()) {
        for (Conversation* c : waits.wait(capacity)) {
            if (c->synced || c->broken) continue;
            if (!c->flushed) {
                int sent = PQflush(c->conn());
                if (sent < 0) {
                    c->broken = true;
                    c->failure = failure_of(c->source(), nullptr, c->conn());
                    continue;
                }
                if (sent == 0) {
                    c->flushed = true;
                    waits.modify(*c, WL_SOCKET_READABLE);
                }
            }
            take_answers(*c, store, meta);
            // A broken connection's socket is closed already (and so out of the set); a finished
            // one stays open and quiet.
            if (c->synced && !c->broken) waits.modify(*c, 0);
        }
    }
}

// The pooled connection, or an error that names the source as the executor's others do, with
// libpq's account (which names sockets and hosts) as its detail.
PooledConnection& connect_for(const std::string& source, Oid server) {
    try {
        return pooled_connection(source, server);
    } catch (const MetadataError& e) {
        if (e.sqlstate() != "08001") throw;
        std::string detail = e.what();
        if (!e.detail().empty()) detail += "\n" + e.detail();
        throw MetadataError("postgres-error", "remote source \"" + source + "\": could not connect")
            .with_sqlstate("08001")
            .with_detail(detail);
    }
}

// Sends the requests on their connections (one conversation per connection) and takes every
// answer.  Interrupted, or failing outside a conversation, it stops the queries under way and
// forgets their connections (their protocol state is unknown) before the error goes on.
std::vector<Conversation> converse(const std::vector<const Request*>& requests, Tuplestorestate* store,
                                   AttInMetadata* meta) {
    std::vector<Conversation> conversations;
    conversations.reserve(requests.size());
    try {
        for (const Request* r : requests) {
            Oid table = r->registered->tables.at(0);
            Oid server = pg_call([&]() noexcept { return GetForeignTable(table)->serverid; });
            PooledConnection& pooled = connect_for(r->spec().source, server);
            Conversation* c = nullptr;
            for (Conversation& existing : conversations)
                if (existing.pooled == &pooled) c = &existing;
            if (!c) {
                pooled.in_use = true;
                c = &conversations.emplace_back(Conversation{&pooled, {}, pooled.uses++ > 0});
            }
            c->requests.push_back(r);
            queue(*c, *r, r->id);
        }
        exchange(conversations, store, meta);
    } catch (...) {
        for (Conversation& c : conversations) {
            c.pooled->in_use = false;
            if (c.synced && !c.broken) continue;
            c.pooled->connection->cancel();
            discard_connection(*c.pooled);
        }
        throw;
    }
    return conversations;
}

}  // namespace

}  // namespace graphgate::pg

using namespace graphgate::pg;

GG_FUNCTION(graphgate_remote_fetch)
static Datum graphgate_remote_fetch_impl(FunctionCallInfo fcinfo) {
    std::vector<Request> requests = read_requests(fcinfo);
    ReturnSetInfo* rsinfo = nullptr;
    AttInMetadata* meta = nullptr;
    pg_call([&]() noexcept {
        InitMaterializedSRF(fcinfo, 0);
        rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
        meta = TupleDescGetAttInMetadata(rsinfo->setDesc);
    });
    for (const Request& r : requests) check_privileges(r);

    // One conversation per connection; requests without keys ask for nothing and are not sent.
    std::vector<const Request*> pending;
    for (const Request& r : requests)
        if (!(r.spec().keys > 0 && r.key_count == 0)) pending.push_back(&r);
    // A cached connection may have died since its last use (the source restarted, say): its
    // requests are sent once more on a new connection if it broke before answering anything.
    for (int attempt = 0; !pending.empty(); ++attempt) {
        std::vector<Conversation> conversations = converse(pending, rsinfo->setResult, meta);
        pending.clear();
        for (Conversation& c : conversations) c.pooled->in_use = false;
        std::optional<RemoteFailure> failure;
        for (Conversation& c : conversations) {
            if (c.broken) {
                bool retry = attempt == 0 && c.reused && c.rows == 0;
                if (retry) pending.insert(pending.end(), c.requests.begin(), c.requests.end());
                else if (!failure) failure = c.failure;
                discard_connection(*c.pooled);
            } else if (c.failure && !failure) {
                failure = c.failure;
            }
        }
        if (failure) throw failure->error();
    }
    return (Datum)0;
}
