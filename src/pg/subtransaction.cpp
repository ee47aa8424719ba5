#include "pg/subtransaction.hpp"

#include "pg/guard.hpp"

extern "C" {
#include "access/xact.h"
#include "utils/resowner.h"
}

namespace graphgate::pg {

void in_subtransaction(const std::function<void()>& body) {
    MemoryContext context = CurrentMemoryContext;
    ResourceOwner owner = CurrentResourceOwner;
    pg_call([]() noexcept { BeginInternalSubTransaction(nullptr); });
    MemoryContextSwitchTo(context);
    try {
        body();
        // Released inside the try, as PL/pgSQL's exec_stmt_block does: releasing runs the
        // subtransaction's pre-commit work (postgres_fdw sends RELEASE SAVEPOINT to each remote it
        // used), which can fail, and then the subtransaction must be rolled back like any other.
        pg_call([]() noexcept { ReleaseCurrentSubTransaction(); });
    } catch (...) {
        MemoryContextSwitchTo(context);
        pg_call([]() noexcept { RollbackAndReleaseCurrentSubTransaction(); });
        MemoryContextSwitchTo(context);
        CurrentResourceOwner = owner;
        throw;
    }
    MemoryContextSwitchTo(context);
    CurrentResourceOwner = owner;
}

}  // namespace graphgate::pg
