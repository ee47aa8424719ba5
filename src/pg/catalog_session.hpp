#pragma once
// The setting every catalog operation runs in: an SPI connection, search_path pinned to
// pg_catalog (our SQL qualifies every name, and nothing in a caller's search_path may capture
// an operator or function of it), and OwnDdl so that graphgate's event triggers leave our DDL
// alone.  Event triggers fire for any role's DDL, so they can also run as the extension's
// owner, who owns the catalog and the generated objects.
//
// in_catalog_session(as, work) is the way to use one: it closes the session (settings, then
// SPI) after work succeeds, and lets an error path leave both to the abort (see ScopedSettings).
#include <type_traits>
#include <utility>

#include "pg/catalog.hpp"
#include "pg/scoped_settings.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

class CatalogSession {
public:
    enum class As { Caller, ExtensionOwner };
    explicit CatalogSession(As as = As::Caller);
    CatalogSession(const CatalogSession&) = delete;
    CatalogSession& operator=(const CatalogSession&) = delete;

    Spi& spi() { return spi_; }
    // May throw PgError.
    void close();

private:
    OwnDdl own_;
    Spi spi_;
    ScopedSettings settings_;
};

// Runs work(spi) in a catalog session and returns its result.
template <typename F>
auto in_catalog_session(CatalogSession::As as, F&& work) -> std::invoke_result_t<F&, Spi&> {
    CatalogSession session(as);
    if constexpr (std::is_void_v<std::invoke_result_t<F&, Spi&>>) {
        work(session.spi());
        session.close();
    } else {
        auto result = work(session.spi());
        session.close();
        return result;
    }
}

}  // namespace graphgate::pg
