#pragma once
// The setting every catalog operation runs in: an SPI connection, search_path pinned to
// pg_catalog (our SQL qualifies every name, and nothing in a caller's search_path may capture
// an operator or function of it), and OwnDdl so that graphgate's event triggers leave our DDL
// alone.  Event triggers fire for any role's DDL, so they can also run as the extension's
// owner, who owns the catalog and the generated objects.
#include "pg/catalog.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

class CatalogSession {
public:
    enum class As { Caller, ExtensionOwner };
    explicit CatalogSession(As as = As::Caller);
    ~CatalogSession();
    CatalogSession(const CatalogSession&) = delete;
    CatalogSession& operator=(const CatalogSession&) = delete;

    Spi& spi() { return spi_; }

private:
    OwnDdl own_;
    Spi spi_;
    int guc_nest_level_ = 0;
    bool switched_user_ = false;
    unsigned int saved_user_ = 0;
    int saved_security_context_ = 0;
};

}  // namespace graphgate::pg
