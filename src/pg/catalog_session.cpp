#include "pg/catalog_session.hpp"

#include <string>

namespace graphgate::pg {

CatalogSession::CatalogSession(As as) {
    if (as == As::ExtensionOwner)
        settings_.become_user(static_cast<unsigned int>(std::stoul(
            *spi_.scalar("SELECT extowner::oid::text FROM pg_catalog.pg_extension WHERE extname = 'graphgate'"))));
    settings_.set("search_path", "pg_catalog, pg_temp");
}

void CatalogSession::close() {
    settings_.close();
    spi_.close();
}

}  // namespace graphgate::pg
