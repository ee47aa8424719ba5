#pragma once
// SPI from C++: a connection scoped to one SQL function call, and queries whose parameters are
// bound as text (casts in the SQL give them their types) and whose results come back as text.
// Every SPI call goes through pg_call, so a failing statement surfaces as a PgError.
#include <optional>
#include <string>
#include <vector>

struct _SPI_plan;

namespace graphgate::pg {

using Value = std::optional<std::string>;  // a column or parameter as text; nullopt is NULL

struct Rows {
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;

    bool empty() const { return rows.empty(); }
    size_t size() const { return rows.size(); }
    // Index of a column by name; throws std::logic_error when absent (a bug in our SQL).
    size_t column(const std::string& name) const;
    const Value& at(size_t row, const std::string& name) const { return rows.at(row).at(column(name)); }
};

// close() (SPI_finish) on the success path may throw PgError.  Destroyed without close() means
// an error path: the connection is left for the (sub)transaction abort the error leads to, since
// SPI_finish then would free memory the error being unwound may still point into.
class Spi {
public:
    Spi();
    Spi(const Spi&) = delete;
    Spi& operator=(const Spi&) = delete;
    void close();

    Rows query(const std::string& sql, const std::vector<Value>& params = {});
    void exec(const std::string& sql, const std::vector<Value>& params = {});
    // The first column of the first row, or nullopt when there is no row or it is NULL.
    Value scalar(const std::string& sql, const std::vector<Value>& params = {});

private:
    bool closed_ = false;
};

// A query that every request runs, prepared once per backend and kept (SPI_keepplan), so that
// its parse and plan are not paid per call (the plan cache still re-plans it after DDL on what it
// reads).  Runs on an open Spi connection, given as a witness.
class KeptQuery {
public:
    explicit KeptQuery(std::string sql) : sql_(std::move(sql)) {}
    KeptQuery(const KeptQuery&) = delete;
    KeptQuery& operator=(const KeptQuery&) = delete;
    // As Spi::scalar.
    Value scalar(Spi& spi);

private:
    std::string sql_;
    _SPI_plan* plan_ = nullptr;
};

}  // namespace graphgate::pg
