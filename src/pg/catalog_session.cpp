#include "pg/catalog_session.hpp"

#include <string>

namespace graphgate::pg {

void enter_catalog_settings(Spi& spi, ScopedSettings& settings, CatalogAs as) {
    if (as == CatalogAs::ExtensionOwner)
        settings.become_user(static_cast<unsigned int>(std::stoul(
            *spi.scalar("SELECT extowner::oid::text FROM pg_catalog.pg_extension WHERE extname = 'graphgate'"))));
    settings.set("search_path", "pg_catalog, pg_temp");
}

}  // namespace graphgate::pg
