#include "pg/spi.hpp"

#include <stdexcept>

#include "pg/guard.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
}

namespace graphgate::pg {

size_t Rows::column(const std::string& name) const {
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name) return i;
    throw std::logic_error("result has no column " + name);
}

Spi::Spi() {
    pg_call([]() noexcept {
        if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
    });
}

void Spi::close() {
    if (closed_) return;
    closed_ = true;
    pg_call([]() noexcept {
        if (SPI_finish() != SPI_OK_FINISH) elog(ERROR, "SPI_finish failed");
    });
}

namespace {

// The rows of the statement SPI just ran, as text, its tuple table freed.
Rows fetched_rows() {
    Rows out;
    if (SPI_tuptable == nullptr) return out;
    SPITupleTable* table = SPI_tuptable;
    TupleDesc desc = table->tupdesc;
    for (int c = 1; c <= desc->natts; ++c) out.columns.emplace_back(NameStr(TupleDescAttr(desc, c - 1)->attname));
    out.rows.reserve(SPI_processed);
    for (uint64 r = 0; r < SPI_processed; ++r) {
        std::vector<Value> row;
        row.reserve(desc->natts);
        for (int c = 1; c <= desc->natts; ++c) {
            char* text = pg_call([&]() noexcept { return SPI_getvalue(table->vals[r], desc, c); });
            if (text) {
                row.emplace_back(std::string(text));
                pfree(text);
            } else {
                row.emplace_back(std::nullopt);
            }
        }
        out.rows.push_back(std::move(row));
    }
    pg_call([&]() noexcept { SPI_freetuptable(table); });
    return out;
}

Rows run(const std::string& sql, const std::vector<Value>& params, bool want_rows) {
    int nargs = static_cast<int>(params.size());
    std::vector<Oid> types(params.size(), TEXTOID);
    std::vector<Datum> values(params.size());
    std::vector<char> nulls(params.size(), ' ');
    pg_call([&]() noexcept {
        for (int i = 0; i < nargs; ++i) {
            if (params[i]) values[i] = CStringGetTextDatum(params[i]->c_str());
            else nulls[i] = 'n';
        }
        int rc = SPI_execute_with_args(sql.c_str(), nargs, types.data(), values.data(), nulls.data(), false, 0);
        if (rc < 0) elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
    });
    return want_rows ? fetched_rows() : Rows();
}

}  // namespace

Value KeptQuery::scalar(Spi&) {
    if (!plan_)
        plan_ = pg_call([&]() noexcept {
            SPIPlanPtr prepared = SPI_prepare(sql_.c_str(), 0, nullptr);
            if (!prepared) elog(ERROR, "graphgate: could not prepare %s: %s", sql_.c_str(), SPI_result_code_string(SPI_result));
            if (SPI_keepplan(prepared) != 0) elog(ERROR, "graphgate: could not keep %s", sql_.c_str());
            return prepared;
        });
    SPIPlanPtr plan = plan_;
    pg_call([&]() noexcept {
        int rc = SPI_execute_plan(plan, nullptr, nullptr, false, 1);
        if (rc < 0) elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(rc));
    });
    Rows rows = fetched_rows();
    if (rows.empty() || rows.columns.empty()) return std::nullopt;
    return rows.rows[0][0];
}

Rows Spi::query(const std::string& sql, const std::vector<Value>& params) { return run(sql, params, true); }

void Spi::exec(const std::string& sql, const std::vector<Value>& params) { run(sql, params, false); }

Value Spi::scalar(const std::string& sql, const std::vector<Value>& params) {
    Rows rows = run(sql, params, true);
    if (rows.empty() || rows.columns.empty()) return std::nullopt;
    return rows.rows[0][0];
}

}  // namespace graphgate::pg
