#pragma once
// The error boundary between C++ and Postgres (design §5), both directions.
//
//  * Postgres -> C++: pg_call(f) runs f, which calls Postgres functions that may ereport(ERROR),
//    inside PG_TRY in a small C-style frame; an ERROR becomes a PgError exception carrying the
//    whole ErrorData, and CurrentMemoryContext is restored.  f must not own C++ objects with
//    destructors across the Postgres calls it makes (the longjmp would skip them): keep it to
//    plain calls and assignments.  f must not throw either: an exception leaving PG_TRY would
//    skip PG_CATCH and leave PG_exception_stack pointing into a dead frame.  So f must be
//    declared noexcept (checked at compile time), and the trampolines that run it are noexcept.
//  * C++ -> Postgres: GG_FUNCTION(name) defines the SQL-callable symbol as a one-line call of
//    name_impl under a catch-all; the exception is turned into ereport(ERROR) only after every
//    C++ frame and the catch block are gone, keeping SQLSTATE, message, detail, hint, context.
extern "C" {
#include "postgres.h"
#include "fmgr.h"
}

#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace graphgate::pg {

// A Postgres ERROR caught by pg_call.  Owns a palloc'd copy of the ErrorData (in the memory
// context current when the error was caught), so it can be rethrown as it was.
class PgError : public std::exception {
public:
    explicit PgError(ErrorData* data);
    const char* what() const noexcept override;

    ErrorData* data() const { return data_; }
    int sqlerrcode() const { return data_->sqlerrcode; }
    std::string sqlstate() const;  // five characters, e.g. "42P01"
    std::string message() const { return data_->message ? data_->message : ""; }
    std::string detail() const { return data_->detail ? data_->detail : ""; }
    std::string hint() const { return data_->hint ? data_->hint : ""; }
    std::string context() const { return data_->context ? data_->context : ""; }
    // Errors that must never be swallowed into a result: cancel, termination, out of memory.
    bool must_propagate() const;

private:
    ErrorData* data_;
};

// Runs fn(arg) under PG_TRY; throws PgError if it raised.  The frame holds no C++ objects.
void run_guarded(void (*fn)(void*) noexcept, void* arg);

template <typename F>
auto pg_call(F&& f) -> std::invoke_result_t<F&> {
    static_assert(std::is_nothrow_invocable_v<F&>,
                  "pg_call: declare the function noexcept ([&]() noexcept { ... }); it runs inside PG_TRY, "
                  "which a C++ exception must never leave");
    using R = std::invoke_result_t<F&>;
    if constexpr (std::is_void_v<R>) {
        run_guarded([](void* p) noexcept { (*static_cast<std::remove_reference_t<F>*>(p))(); }, &f);
    } else {
        static_assert(std::is_nothrow_move_constructible_v<R>, "pg_call: the result must be nothrow movable");
        std::optional<R> result;
        auto call = [&]() noexcept { result.emplace(f()); };
        run_guarded([](void* p) noexcept { (*static_cast<decltype(call)*>(p))(); }, &call);
        return std::move(*result);
    }
}

// Runs an SQL function body, converting any exception into a Postgres ERROR.  Postgres' error
// machinery (PG_exception_stack, error_context_stack) is left as the caller had it, whatever
// the body did, as pg_duckdb's guard does.
Datum guarded_entry(FunctionCallInfo fcinfo, Datum (*body)(FunctionCallInfo)) noexcept;

}  // namespace graphgate::pg

// Declares the C symbol `name` for CREATE FUNCTION ... AS 'MODULE_PATHNAME', 'name' and makes it
// a one-line guarded call of `Datum name_impl(FunctionCallInfo)`, which the caller defines.
#define GG_FUNCTION(name)                                                            \
    static Datum name##_impl(FunctionCallInfo fcinfo);                               \
    extern "C" {                                                                     \
    PGDLLEXPORT Datum name(PG_FUNCTION_ARGS);                                        \
    PG_FUNCTION_INFO_V1(name);                                                       \
    Datum name(PG_FUNCTION_ARGS) { return graphgate::pg::guarded_entry(fcinfo, name##_impl); } \
    }
