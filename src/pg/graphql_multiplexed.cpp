// graphgate.graphql_multiplexed(query, operation_name, cohorts): one poll of a live query for a
// batch of cohorts, in one call.  The subscription is parsed and validated once; each cohort
// (its variables and session) then runs the same cached statement, as graphql() runs a query,
// and its response is hashed (SHA-256 of the exact JSON text).  Only the cohorts whose hash
// differs from the one the caller sent come back, so results that did not change never leave
// the database.  A cohort whose statement fails gets its error response as its result, in a
// subtransaction of its own: one bad cohort never takes the batch down.
//
// cohorts: [{"id": "c1", "variables": {...} | null, "session": {"x-hasura-role": ...}, "hash": "..." | null,
//            "cursor": <value> | null}]
// Every cohort of a call runs as the same role (its session's x-hasura-role): the caller groups
// its cohorts by role, as it groups them by query.
//
// A streaming subscription (<t>_stream) reads the rows after the cohort's cursor (its
// initial_value while the cursor is null): a cohort comes back only when there are such rows,
// with the cursor to send next time (the last row's cursor column), so no empty batch ever
// leaves the database; its errors come back as a live query's do, when they changed.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/compile/plan.hpp"
#include "core/json.hpp"
#include "core/compile/response.hpp"
#include "core/graphql/coercion.hpp"
#include "core/metadata/error.hpp"
#include "pg/args.hpp"
#include "pg/graphql_api.hpp"
#include "pg/guard.hpp"
#include "pg/subtransaction.hpp"

extern "C" {
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"
}

using namespace graphgate;
using namespace graphgate::pg;

namespace {

struct Cohort {
    std::string id;
    Json variables;  // null when the cohort has none
    Json session;    // an object
    std::optional<std::string> hash;
    Json cursor;  // a stream's last cursor value; null before its first batch
};

struct Changed {
    std::string id;
    std::string result;
    std::string hash;
    std::optional<std::string> cursor;  // a stream's next cursor, as JSON
};

MetadataError bad_cohorts(const std::string& message, const std::string& path) {
    return std::move(MetadataError("invalid-params", "graphql_multiplexed: " + message, path).with_sqlstate("22023"));
}

// The cohorts argument, checked whole before anything runs: it is the caller's program, not a
// client's input, so a malformed one is an ERROR that names the place.
std::vector<Cohort> read_cohorts(const Json& cohorts) {
    if (!cohorts.is_array()) throw bad_cohorts("cohorts must be a JSON array", "$");
    std::vector<Cohort> out;
    std::set<std::string> ids;
    for (size_t i = 0; i < cohorts.size(); ++i) {
        const Json& item = cohorts[i];
        const std::string at = "$[" + std::to_string(i) + "]";
        if (!item.is_object()) throw bad_cohorts("each cohort must be an object", at);
        Cohort c;
        for (const auto& [key, value] : item.items()) {
            if (key == "id") {
                if (!value.is_string() || value.get_ref<const std::string&>().empty())
                    throw bad_cohorts("a cohort's id must be a non-empty string", at + ".id");
                c.id = value.get<std::string>();
            } else if (key == "variables") {
                if (!value.is_object() && !value.is_null())
                    throw bad_cohorts("a cohort's variables must be an object or null", at + ".variables");
                c.variables = value;
            } else if (key == "session") {
                if (!value.is_object()) throw bad_cohorts("a cohort's session must be an object", at + ".session");
                c.session = value;
            } else if (key == "hash") {
                if (!value.is_string() && !value.is_null())
                    throw bad_cohorts("a cohort's hash must be a string or null", at + ".hash");
                if (value.is_string()) c.hash = value.get<std::string>();
            } else if (key == "cursor") {
                c.cursor = value;
            } else {
                throw bad_cohorts("unknown cohort key \"" + key + "\" (expected id, variables, session, hash, cursor)",
                                  at + "." + key);
            }
        }
        if (c.id.empty()) throw bad_cohorts("a cohort needs an id", at);
        if (!ids.insert(c.id).second) throw bad_cohorts("cohort id \"" + c.id + "\" appears twice", at + ".id");
        if (c.session.is_null()) c.session = Json::object();
        out.push_back(std::move(c));
    }
    // One role per call: the operation is validated once, against that role's schema.
    for (size_t i = 1; i < out.size(); ++i)
        if (session_role(out[i].session) != session_role(out[0].session))
            throw bad_cohorts("every cohort of a call must have the same x-hasura-role", "$[" + std::to_string(i) +
                                                                                            "].session");
    return out;
}

std::string sha256_hex(const std::string& text) {
    uint8 digest[PG_SHA256_DIGEST_LENGTH];
    pg_call([&]() noexcept {
        pg_cryptohash_ctx* ctx = pg_cryptohash_create(PG_SHA256);
        if (ctx == nullptr || pg_cryptohash_init(ctx) < 0 ||
            pg_cryptohash_update(ctx, reinterpret_cast<const uint8*>(text.data()), text.size()) < 0 ||
            pg_cryptohash_final(ctx, digest, sizeof digest) < 0)
            elog(ERROR, "graphgate: could not compute a SHA-256 hash: %s", pg_cryptohash_error(ctx));
        pg_cryptohash_free(ctx);
    });
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * sizeof digest);
    for (uint8 b : digest) {
        out.push_back(hex[b >> 4]);
        out.push_back(hex[b & 0xf]);
    }
    return out;
}

// A stream's response ends with its cursor field, ,"#cursor":[{"<column>": v}, ...]}} (the
// statement's last root field; only a key can hold that text unescaped, and no value inside it
// can, since cursor columns are scalars): cut off, it gives the last row's cursor value, or
// nullopt when the batch is empty.  A response without it (an error) is left alone.
std::optional<Json> take_stream_cursor(std::string& response, bool& had_cursor) {
    const std::string marker = std::string(",\"") + compile::stream_cursor_field + "\":";
    const size_t at = response.rfind(marker);
    had_cursor = at != std::string::npos && response.size() >= at + marker.size() + 2;
    if (!had_cursor) return std::nullopt;
    const size_t begin = at + marker.size();
    Json rows = parse_json(response.substr(begin, response.size() - 2 - begin));
    response.erase(at, response.size() - 2 - at);
    if (!rows.is_array() || rows.empty() || !rows.back().is_object() || rows.back().size() != 1) return std::nullopt;
    return rows.back().begin().value();
}

// Each cohort's response: the operation's validation error for all of them if it has one,
// else the cohort's own run.
std::vector<Changed> poll(const std::string& query, const std::optional<std::string>& operation_name,
                          const std::vector<Cohort>& cohorts) {
    std::vector<Changed> changed;
    if (cohorts.empty()) return changed;
    std::optional<PreparedOperation> prepared;
    // One role per poll (checked when the cohorts are read), so one answer to "admin?".
    const bool admin = !session_role(cohorts.front().session);
    const std::string refused = response_or_error([&] {
        in_subtransaction([&] {
            Spi spi;
            prepared.emplace(prepare_operation(spi, query, operation_name, cohorts.front().session,
                                               OperationKind::subscription));
            spi.close();
        });
        return std::string();
    }, admin);
    for (const Cohort& cohort : cohorts) {
        pg_call([]() noexcept { CHECK_FOR_INTERRUPTS(); });
        StreamPosition stream;
        stream.cursor = cohort.cursor;
        std::string result = prepared ? response_or_error([&] {
            compile::Json inputs;
            if (!cohort.variables.is_null()) inputs = graphql::request_variables(cohort.variables, request_limits());
            std::string answer;
            in_subtransaction([&] {
                Spi spi;
                answer = run_operation(*prepared, inputs, cohort.session, &stream);
                spi.close();
            });
            return answer;
        }, admin)
                                      : refused;
        std::optional<std::string> next_cursor;
        if (stream.is_stream) {
            bool rows_read = false;
            std::optional<Json> last = take_stream_cursor(result, rows_read);
            if (rows_read && !last) continue;  // no new rows: nothing to send
            if (last) next_cursor = last->dump();
        }
        std::string hash = sha256_hex(result);
        if (next_cursor || cohort.hash != hash)
            changed.push_back({cohort.id, std::move(result), std::move(hash), std::move(next_cursor)});
    }
    return changed;
}

Datum text_datum(const std::string& s) {
    return pg_call([&]() noexcept { return PointerGetDatum(cstring_to_text_with_len(s.data(), static_cast<int>(s.size()))); });
}

}  // namespace

GG_FUNCTION(graphgate_graphql_multiplexed)
static Datum graphgate_graphql_multiplexed_impl(FunctionCallInfo fcinfo) {
    std::string query = text_arg(fcinfo, 0).value_or("");
    std::optional<std::string> operation_name = text_arg(fcinfo, 1);
    if (operation_name && operation_name->empty()) operation_name.reset();
    std::optional<Json> cohorts_arg;
    try {
        cohorts_arg = jsonb_arg(fcinfo, 2);
    } catch (const Json::out_of_range&) {
        throw bad_cohorts("the cohorts hold a number out of the range of a double", "$");
    } catch (const Json::parse_error&) {
        throw bad_cohorts("the cohorts are not valid UTF-8", "$");
    }
    const std::vector<Cohort> cohorts = read_cohorts(cohorts_arg.value_or(Json::array()));
    const std::vector<Changed> changed = poll(query, operation_name, cohorts);

    // The rows go into the tuplestore only now, outside the cohorts' subtransactions: a
    // tuplestore that spills to a temporary file ties it to the resource owner current then.
    pg_call([&]() noexcept { InitMaterializedSRF(fcinfo, 0); });
    ReturnSetInfo* rsinfo = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
    for (const Changed& row : changed) {
        Datum values[4] = {text_datum(row.id), text_datum(row.result), text_datum(row.hash),
                           row.cursor ? text_datum(*row.cursor) : Datum(0)};
        bool nulls[4] = {false, false, false, !row.cursor};
        pg_call([&]() noexcept {
            tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
            for (int i = 0; i < 4; ++i)
                if (!nulls[i]) pfree(DatumGetPointer(values[i]));
        });
    }
    return (Datum)0;
}
