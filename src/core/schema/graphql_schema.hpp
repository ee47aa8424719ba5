#pragma once
// The GraphQL schema of one catalog snapshot (one role, one metadata version), together with
// the snapshot it was built from and the lookups the SQL compiler needs to get from what a
// validated query names back to tables: root field -> (table, select | by_pk | aggregate),
// object type -> table, and any generated type -> (table, role).
//
// It owns its snapshot, prepared (see snapshot_checks.hpp): tables, columns and relationships
// that could not be in the schema are gone from it, so everything a validated query names is
// there, and problems() says what was left out.  Build one per role per metadata version and
// share it read-only; nothing in it changes after construction.
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/graphql/schema_interface.hpp"
#include "core/schema/catalog_snapshot.hpp"
#include "core/schema/type_names.hpp"

namespace graphgate::schema {

class GraphQLSchema {
public:
    struct RootField {
        // Stream: subscription_root only; Function(Aggregate): a tracked function's rows.
        enum Kind { Select, ByPk, Aggregate, Stream, Function, FunctionAggregate };
        const TableInfo* table = nullptr;
        Kind kind = Select;
        const FunctionInfo* function = nullptr;  // Function, FunctionAggregate
    };

    // A field of mutation_root.
    struct MutationField {
        enum Kind { Insert, InsertOne, Update, UpdateByPk, UpdateMany, Delete, DeleteByPk, Function };
        const TableInfo* table = nullptr;
        Kind kind = Insert;
        const FunctionInfo* function = nullptr;  // Function: a tracked function exposed as a mutation
    };

    // What a generated type is to its table.
    enum class TypeRole {
        Table,               // <t>
        Aggregate,           // <t>_aggregate
        AggregateFields,     // <t>_aggregate_fields
        AggregateOpFields,   // <t>_avg_fields, ... (op says which)
        BoolExp,             // <t>_bool_exp
        OrderBy,             // <t>_order_by
        AggregateOrderBy,    // <t>_aggregate_order_by
        AggregateOpOrderBy,  // <t>_avg_order_by, ... (op says which)
        SelectColumn,        // <t>_select_column
    };
    struct TypeOrigin {
        const TableInfo* table = nullptr;
        TypeRole role = TypeRole::Table;
        AggregateOp op = AggregateOp::Avg;  // AggregateOpFields, AggregateOpOrderBy
    };

    // What a field named in a table's object type, bool_exp or order_by is, as the schema made
    // it: the compiler never infers it from the name.
    struct FieldOrigin {
        enum Kind { Column, Relationship, RelationshipAggregate, ComputedField };
        Kind kind = Column;
        const ColumnInfo* column = nullptr;
        const RelationshipInfo* relationship = nullptr;
        const ComputedFieldInfo* computed = nullptr;  // ComputedField
    };

    // Throws std::invalid_argument only on a bug (a prepared snapshot always builds).
    explicit GraphQLSchema(CatalogSnapshot snapshot);
    GraphQLSchema(const GraphQLSchema&) = delete;
    GraphQLSchema& operator=(const GraphQLSchema&) = delete;

    const graphql::Schema& schema() const { return *schema_; }
    // The prepared snapshot; TableInfo pointers handed out point into it.
    const CatalogSnapshot& snapshot() const { return snapshot_; }
    // One message per table, column or relationship of the input left out of the schema.
    const std::vector<std::string>& problems() const { return problems_; }

    // A field of query_root ("authors", "authors_by_pk", "authors_aggregate"); null for others
    // (including __schema, __type and __typename).
    const RootField* root_field(std::string_view name) const;
    // A field of mutation_root ("insert_authors", ...); null for others (and __typename).
    const MutationField* mutation_field(std::string_view name) const;
    // The table whose object type this is ("authors"); null for any other name.
    const TableInfo* table_for_type(std::string_view type_name) const;
    // Any type generated for a table, object or input ("authors_avg_fields"); null for others.
    const TypeOrigin* type_origin(std::string_view type_name) const;

    // A field of `table` (a table of this schema's snapshot); null for __typename and others.
    const FieldOrigin* field_origin(const TableInfo& table, std::string_view field) const;
    // The SQL name of the column a GraphQL field (or <t>_select_column value) of `table` names.
    // Throws std::logic_error for a name that is no column: validation let only columns through.
    const std::string& column_name(const TableInfo& table, std::string_view field) const;

    // The types introspection and SDL show, in their order (see schema_types.hpp).
    const std::vector<const graphql::TypeDef*>& visible_types() const { return visible_types_; }

private:
    CatalogSnapshot snapshot_;
    std::vector<std::string> problems_;
    std::unique_ptr<graphql::Schema> schema_;
    std::unordered_map<std::string, RootField> root_fields_;
    std::unordered_map<std::string, MutationField> mutation_fields_;
    std::unordered_map<std::string, TypeOrigin> type_origins_;
    std::vector<std::unordered_map<std::string, FieldOrigin>> field_origins_;  // per snapshot table
    std::vector<const graphql::TypeDef*> visible_types_;
};

}  // namespace graphgate::schema
