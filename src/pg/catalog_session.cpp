#include "pg/catalog_session.hpp"

#include <exception>

#include "pg/guard.hpp"

extern "C" {
#include "miscadmin.h"
#include "utils/guc.h"
}

namespace graphgate::pg {

CatalogSession::CatalogSession(As as) {
    if (as == As::ExtensionOwner) {
        Oid owner = static_cast<Oid>(std::stoul(
            *spi_.scalar("SELECT extowner::oid::text FROM pg_catalog.pg_extension WHERE extname = 'graphgate'")));
        pg_call([&] {
            GetUserIdAndSecContext(&saved_user_, &saved_security_context_);
            SetUserIdAndSecContext(owner, saved_security_context_ | SECURITY_LOCAL_USERID_CHANGE);
        });
        switched_user_ = true;
    }
    pg_call([&] {
        guc_nest_level_ = NewGUCNestLevel();
        set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
                          false);
    });
}

// On the error path, transaction (or subtransaction) abort restores the GUC nest level and the
// user, as it does for every SECURITY DEFINER function; on success we restore them here.
CatalogSession::~CatalogSession() {
    if (std::uncaught_exceptions() > 0) return;
    try {
        pg_call([&] {
            AtEOXact_GUC(true, guc_nest_level_);
            if (switched_user_) SetUserIdAndSecContext(saved_user_, saved_security_context_);
        });
    } catch (...) {
        // A destructor cannot throw; a failure here means the transaction is going down anyway.
    }
}

}  // namespace graphgate::pg
