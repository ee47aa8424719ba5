#pragma once
// The one way to run a catalog body: in_catalog_session(as, work) runs work(spi) with an SPI
// connection, search_path pinned to pg_catalog (our SQL qualifies every name, and nothing in a
// caller's search_path may capture an operator or function of it), and OwnDdl so that
// graphgate's event triggers leave our DDL alone.  Event triggers fire for any role's DDL, so
// they can also run as the extension's owner, who owns the catalog and the generated objects.
//
// The settings are a ScopedSettings like every other scope's: closed (settings, then SPI) after
// work succeeds; an error path leaves both to the abort (see scoped_settings.hpp).
#include <type_traits>
#include <utility>

#include "pg/catalog.hpp"
#include "pg/scoped_settings.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

enum class CatalogAs { Caller, ExtensionOwner };

// Applies `as` and the pinned search_path to settings; may throw PgError.
void enter_catalog_settings(Spi& spi, ScopedSettings& settings, CatalogAs as);

// Runs work(spi) as described above and returns its result.
template <typename F>
auto in_catalog_session(CatalogAs as, F&& work) -> std::invoke_result_t<F&, Spi&> {
    OwnDdl own;
    Spi spi;
    ScopedSettings settings;
    enter_catalog_settings(spi, settings, as);
    if constexpr (std::is_void_v<std::invoke_result_t<F&, Spi&>>) {
        work(spi);
        settings.close();
        spi.close();
    } else {
        auto result = work(spi);
        settings.close();
        spi.close();
        return result;
    }
}

}  // namespace graphgate::pg
