#pragma once
// Hasura's mutation schema for one table (design §11): the fields of mutation_root -
// insert_<t>, insert_<t>_one, update_<t>, update_<t>_by_pk, update_<t>_many, delete_<t>,
// delete_<t>_by_pk - and their input and output types, each only where the role's GRANTs allow it
// (TableWrites): INSERT and UPDATE per column decide the input fields, DELETE the delete fields,
// SELECT `returning`, insert_<t>_one and the _by_pk fields.  Names, argument lists, nullability
// and descriptions are Hasura's (its Schema/Mutation.hs, Update.hs, Update/Batch.hs and
// Backends/Postgres/Schema/OnConflict.hs), so that Hasura clients' mutations validate unchanged.
#include <array>
#include <functional>
#include <string_view>
#include <vector>

#include "core/graphql/schema_interface.hpp"
#include "core/schema/catalog_snapshot.hpp"

namespace graphgate::schema {

// The update operators, in the order Hasura lists them in its errors.
enum class UpdateOp { Set, Inc, Prepend, Append, DeleteKey, DeleteElem, DeleteAtPath };

struct UpdateOpInfo {
    UpdateOp op;
    const char* argument;      // "_set": the argument of update_<t>
    const char* type_suffix;   // "set": <t>_set_input
    const char* description;   // of the argument (and, for the jsonb ones, of its type)
};
const std::array<UpdateOpInfo, 7>& update_ops();
const UpdateOpInfo* update_op(std::string_view argument);
// Whether the operator takes the column: _set every column, _inc numbers, the rest jsonb.
bool update_op_applies(UpdateOp op, const ColumnInfo& column);

// The placeholder value of <t>_update_column when the role may update no column, so that an
// upsert can still say `update_columns: []` (Hasura's, issue 6804).
inline constexpr const char* update_column_placeholder = "_PLACEHOLDER";

// Whether a relationship of `table` can take nested inserts: local, into a table the role may
// insert into, with the columns it fills insertable on the side that receives them.
bool insertable_relationship(const CatalogSnapshot& snapshot, const TableInfo& table, const RelationshipInfo& rel);

// The mutation root fields of table `index` (appended to `root_fields`) and the types they use
// (given to `add`).  Types only reachable through relationships (a target's
// <t>_obj_rel_insert_input, say) are added too; the schema keeps those it can reach.
void add_mutation_types(const CatalogSnapshot& snapshot, size_t index,
                        const std::function<void(graphql::TypeDef)>& add,
                        std::vector<graphql::FieldDef>& root_fields);

// Every mutation root field name of a table (those its writes allow).
std::vector<std::string> mutation_root_fields(const TableInfo& table);

}  // namespace graphgate::schema
