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

Rows run(const std::string& sql, const std::vector<Value>& params, bool want_rows) {
    int nargs = static_cast<int>(params.size());
    std::vector<Oid> types(params.size(), TEXTOID);
    std::vector<Datum> values(params.size());
    std::vector<char> nulls(params.size(), ' ');
    Rows out;
    pg_call([&]() noexcept {
        for (int i = 0; i < nargs; ++i) {
            if (params[i]) values[i] = CStringGetTextDatum(params[i]->c_str());
            else nulls[i] = 'n';
        }
        int rc = SPI_execute_with_args(sql.c_str(), nargs, types.data(), values.data(), nulls.data(), false, 0);
        if (rc < 0) elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
    });
    if (!want_rows || SPI_tuptable == nullptr) return out;
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

}  // namespace

Rows Spi::query(const std::string& sql, const std::vector<Value>& params) { return run(sql, params, true); }

void Spi::exec(const std::string& sql, const std::vector<Value>& params) { run(sql, params, false); }

Value Spi::scalar(const std::string& sql, const std::vector<Value>& params) {
    Rows rows = run(sql, params, true);
    if (rows.empty() || rows.columns.empty()) return std::nullopt;
    return rows.rows[0][0];
}

}  // namespace graphgate::pg
