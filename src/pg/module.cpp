// The module's identity for Postgres' loader.
extern "C" {
#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
}
