// The module's identity for Postgres' loader, and what it does when it loads.
#include "pg/settings.hpp"

extern "C" {
#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);
}

void _PG_init(void) { graphgate::pg::define_settings(); }
