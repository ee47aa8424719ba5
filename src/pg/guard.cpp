#include "pg/guard.hpp"

#include <cstring>
#include <new>

#include "core/graphql/error.hpp"
#include "core/metadata/error.hpp"

extern "C" {
#include "access/xact.h"
#include "utils/elog.h"
#include "utils/memutils.h"
}

namespace graphgate::pg {

PgError::PgError(ErrorData* data) : data_(data) {}

const char* PgError::what() const noexcept { return data_->message ? data_->message : "postgres error"; }

std::string PgError::sqlstate() const { return unpack_sql_state(data_->sqlerrcode); }

bool PgError::must_propagate() const {
    int code = data_->sqlerrcode;
    return ERRCODE_TO_CATEGORY(code) == ERRCODE_OPERATOR_INTERVENTION ||
           code == ERRCODE_OUT_OF_MEMORY || data_->elevel > ERROR;
}

void run_guarded(void (*fn)(void*) noexcept, void* arg) {
    MemoryContext caller_context = CurrentMemoryContext;
    ErrorData* volatile caught = nullptr;
    PG_TRY();
    {
        fn(arg);
    }
    PG_CATCH();
    {
        // The copy outlives the frames being unwound (SPI and subtransaction contexts among
        // them) until it is rethrown or reported: keep it in the transaction's context.
        MemoryContextSwitchTo(IsTransactionState() ? TopTransactionContext : caller_context);
        caught = CopyErrorData();
        FlushErrorState();
        MemoryContextSwitchTo(caller_context);
    }
    PG_END_TRY();
    if (caught) throw PgError(caught);
}

namespace {

// What an exception becomes once it reaches the SQL boundary, held in palloc'd memory so that
// nothing with a destructor is alive when ereport longjmps.
struct RaisedError {
    int sqlerrcode = ERRCODE_INTERNAL_ERROR;
    char* message = nullptr;
    char* detail = nullptr;
    char* hint = nullptr;
};

char* pg_copy(const std::string& s) { return s.empty() ? nullptr : pstrdup(s.c_str()); }

int sqlstate_code(const std::string& s) {
    if (s.size() != 5) return ERRCODE_INTERNAL_ERROR;
    return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

}  // namespace

Datum guarded_entry(FunctionCallInfo fcinfo, Datum (*body)(FunctionCallInfo)) noexcept {
    sigjmp_buf* saved_exception_stack = PG_exception_stack;
    ErrorContextCallback* saved_context_stack = error_context_stack;
    ErrorData* pg_error = nullptr;
    RaisedError raised;
    bool failed = true;
    Datum result = (Datum)0;
    // pstrdup below can itself raise (out of memory); it runs in the catch handlers only on
    // already-failing paths, where leaking the exception object is the lesser evil.
    try {
        result = body(fcinfo);
        failed = false;
    } catch (const PgError& e) {
        pg_error = e.data();
    } catch (const MetadataError& e) {
        raised.sqlerrcode = sqlstate_code(e.sqlstate());
        raised.message = pg_copy(e.what());
        // SQL callers get no Hasura error object, so say where in their argument the problem is.
        bool has_path = e.path() != "$" && !e.path().empty();
        raised.detail = pg_copy(e.detail().empty() && has_path ? "at " + e.path() : e.detail());
        raised.hint = pg_copy(e.hint());
    } catch (const GraphQLError& e) {
        raised.sqlerrcode = e.code() == "parse-failed" ? ERRCODE_SYNTAX_ERROR : ERRCODE_INVALID_PARAMETER_VALUE;
        raised.message = pg_copy(e.message());
        if (!e.locations().empty())
            raised.detail = pg_copy("at line " + std::to_string(e.locations()[0].line) + ", column " +
                                    std::to_string(e.locations()[0].column));
    } catch (const std::bad_alloc&) {
        raised.sqlerrcode = ERRCODE_OUT_OF_MEMORY;
        raised.message = pstrdup("out of memory in graphgate");
    } catch (const std::exception& e) {
        raised.message = pg_copy(std::string("graphgate internal error: ") + e.what());
    } catch (...) {
        raised.message = pstrdup("graphgate internal error: unknown exception");
    }
    // pg_call keeps both stacks balanced; should anything below have left them changed, the next
    // ERROR would longjmp into a frame that is gone or call a dead context callback.
    bool stacks_changed = PG_exception_stack != saved_exception_stack || error_context_stack != saved_context_stack;
    PG_exception_stack = saved_exception_stack;
    error_context_stack = saved_context_stack;
    if (stacks_changed) elog(WARNING, "graphgate: the error stacks were left changed by a graphgate function; restored");
    if (!failed) return result;
    if (pg_error) ReThrowError(pg_error);
    ereport(ERROR, (errcode(raised.sqlerrcode), errmsg_internal("%s", raised.message),
                    raised.detail ? errdetail_internal("%s", raised.detail) : 0,
                    raised.hint ? errhint("%s", raised.hint) : 0));
    pg_unreachable();
}

}  // namespace graphgate::pg
