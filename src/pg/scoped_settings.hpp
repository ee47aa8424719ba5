#pragma once
// Settings for a stretch of C++ work, as a function's SET clause and SECURITY DEFINER make them:
// GUCs set in a GUC nest level of their own, and optionally another current user.
//
// close() puts everything back and may throw PgError; call it on the success path.  An object
// destroyed without close() is on an error path, and its destructor leaves the restoring to the
// abort of the (sub)transaction that the error leads to (in_subtransaction, or the ERROR raised
// at the SQL boundary), which restores GUC nest levels and the current user as it does for every
// SET clause.  So no Postgres call ever runs in a destructor, and no error is swallowed.
#include <string>

namespace graphgate::pg {

class ScopedSettings {
public:
    ScopedSettings();
    ScopedSettings(const ScopedSettings&) = delete;
    ScopedSettings& operator=(const ScopedSettings&) = delete;

    // set_config_option with GUC_ACTION_SAVE: undone by close().
    void set(const char* name, const std::string& value);
    // Makes `user` the current user (SECURITY_LOCAL_USERID_CHANGE), as a SECURITY DEFINER
    // function does.  At most once per object.
    void become_user(unsigned int user);
    void close();

private:
    int nest_level_ = 0;
    bool switched_user_ = false;
    unsigned int saved_user_ = 0;
    int saved_security_context_ = 0;
    bool closed_ = false;
};

}  // namespace graphgate::pg
