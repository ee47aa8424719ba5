#include "pg/scoped_settings.hpp"

#include "pg/guard.hpp"

extern "C" {
#include "miscadmin.h"
#include "utils/guc.h"
}

namespace graphgate::pg {

ScopedSettings::ScopedSettings() {
    nest_level_ = pg_call([]() noexcept { return NewGUCNestLevel(); });
}

void ScopedSettings::set(const char* name, const std::string& value) {
    pg_call([&]() noexcept {
        set_config_option(name, value.c_str(), PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
    });
}

void ScopedSettings::become_user(unsigned int user) {
    pg_call([&]() noexcept {
        GetUserIdAndSecContext(&saved_user_, &saved_security_context_);
        SetUserIdAndSecContext(user, saved_security_context_ | SECURITY_LOCAL_USERID_CHANGE);
    });
    switched_user_ = true;
}

void ScopedSettings::close() {
    if (closed_) return;
    closed_ = true;
    pg_call([&]() noexcept {
        AtEOXact_GUC(true, nest_level_);
        if (switched_user_) SetUserIdAndSecContext(saved_user_, saved_security_context_);
    });
}

}  // namespace graphgate::pg
