#include "core/compile/insert_input.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace graphgate::compile {

using schema::RelationshipInfo;
using schema::TableInfo;

namespace {

std::string quoted_list(const std::vector<std::string>& columns) {
    std::string out;
    for (size_t i = 0; i < columns.size(); ++i) out += (i ? ", \"" : "\"") + columns[i] + "\"";
    return out;
}

std::vector<PathSegment> extended(std::vector<PathSegment> path, PathSegment a) {
    path.push_back(std::move(a));
    return path;
}

// What one object supplies: its group key, its columns in table order, and the relationships
// it inserts through (a null relationship, or an array relationship with no rows, inserts nothing,
// as in Hasura), with their data as a list and their on_conflict.
struct ObjectParts {
    std::string key;
    std::vector<std::string> columns;
    std::vector<const Json*> values;  // each column's value in the object
    struct Through {
        const RelationshipInfo* relationship;
        const Json* data;  // the object (object relationship) or the list (array relationship)
        const Json* on_conflict;
    };
    std::vector<Through> relationships;  // in the object's order
};

ObjectParts parts_of(const TableInfo& table, const Json& object, const Json& on_conflict) {
    static const Json null_json;
    ObjectParts parts;
    // Each supplied column by its place in the table: sorted, they are the columns in table
    // order, without a map built per object (this runs twice for every object of an insert).
    // The object names columns by their GraphQL names; the rows written name them in SQL.
    const std::vector<schema::ColumnInfo>& columns = table.writes.insert_columns;
    std::vector<std::pair<size_t, const Json*>> supplied;
    supplied.reserve(object.size());
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string& name = it.key();
        if (const schema::ColumnInfo* c = table.writes.insert_field(name)) {
            supplied.emplace_back(static_cast<size_t>(c - columns.data()), &*it);
            continue;
        }
        const RelationshipInfo* rel = table.relationship(name);
        if (!rel || !it->is_object()) continue;  // validation refused anything else; null inserts nothing
        auto data = it->find("data");
        if (data == it->end() || data->is_null()) continue;
        if (rel->is_array && (!data->is_array() || data->empty())) continue;
        auto conflict = it->find("on_conflict");
        parts.relationships.push_back({rel, &*data, conflict == it->end() ? &null_json : &*conflict});
    }
    std::sort(supplied.begin(), supplied.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    parts.columns.reserve(supplied.size());
    parts.values.reserve(supplied.size());
    for (const auto& [index, value] : supplied) {
        parts.columns.push_back(columns[index].name);
        parts.values.push_back(value);
    }
    std::vector<const std::string*> sorted_columns;
    sorted_columns.reserve(parts.columns.size());
    for (const std::string& c : parts.columns) sorted_columns.push_back(&c);
    std::sort(sorted_columns.begin(), sorted_columns.end(),
              [](const std::string* a, const std::string* b) { return *a < *b; });
    std::vector<const std::string*> names;
    for (const auto& r : parts.relationships) names.push_back(&r.relationship->name);
    std::sort(names.begin(), names.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
    for (const std::string* c : sorted_columns) (parts.key += *c) += ',';
    parts.key += '|';
    for (const std::string* n : names) (parts.key += *n) += ',';
    parts.key += '|';
    // Keys sorted: two spellings of one on_conflict are one group.
    if (!on_conflict.is_null()) parts.key += sorted_keys(on_conflict).dump();
    return parts;
}

class ShapeReader {
public:
    explicit ShapeReader(const schema::CatalogSnapshot& snapshot) : snapshot_(snapshot) {}

    InsertShape read(const TableInfo& table, const Json& objects, const std::vector<PathSegment>& path, bool single) {
        shape_.nodes.push_back(InsertNode{&table, nullptr, 0, 0, {}, {}});
        groups_.emplace_back();
        if (single && objects.size() == 1) read_object(0, objects[0], path, {}, Json());
        else read_list(0, objects, path, {}, Json());
        for (size_t n = 0; n < shape_.nodes.size(); ++n) {
            auto& groups = shape_.nodes[n].groups;
            std::sort(groups.begin(), groups.end(), [](const InsertGroup& a, const InsertGroup& b) { return a.key < b.key; });
        }
        size_t flat = 0;
        for (const InsertNode& node : shape_.nodes) {
            shape_.flat_index.push_back(flat);
            flat += node.groups.size();
        }
        return std::move(shape_);
    }

private:
    void read_list(size_t node, const Json& list, const std::vector<PathSegment>& path,
                   const std::vector<std::string>& parent_columns, const Json& on_conflict) {
        for (size_t i = 0; i < list.size(); ++i)
            read_object(node, list[i], extended(path, static_cast<int64_t>(i)), parent_columns, on_conflict);
    }

    void read_object(size_t node, const Json& object, const std::vector<PathSegment>& path,
                     const std::vector<std::string>& parent_columns, const Json& on_conflict) {
        const TableInfo& table = *shape_.nodes[node].table;
        ObjectParts parts = parts_of(table, object, on_conflict);
        // Hasura's validateInsert: columns the parent fills may not be given, nor columns an
        // object relationship fills (by the parent, by the object, or by another relationship).
        std::vector<std::string> given;
        for (const std::string& c : parts.columns)
            if (std::find(parent_columns.begin(), parent_columns.end(), c) != parent_columns.end()) given.push_back(c);
        if (!given.empty())
            throw GraphQLError("cannot insert " + quoted_list(given) +
                                   " columns as their values are already being determined by parent insert",
                               {}, error_code::validation_failed, path);
        std::vector<std::string> determined = parent_columns;
        determined.insert(determined.end(), parts.columns.begin(), parts.columns.end());
        for (const ObjectParts::Through& through : parts.relationships) {
            const RelationshipInfo& rel = *through.relationship;
            if (rel.insert_after_parent) continue;
            std::vector<std::string> clash;
            for (const auto& [here, there] : rel.mapping)
                if (std::find(determined.begin(), determined.end(), here) != determined.end()) clash.push_back(here);
            if (!clash.empty())
                throw GraphQLError("cannot insert object relationship \"" + rel.name + "\" as " + quoted_list(clash) +
                                       " column values are already determined",
                                   {}, error_code::validation_failed, extended(path, rel.name));
            for (const auto& [here, there] : rel.mapping) determined.push_back(here);
        }

        size_t group = group_for(node, parts, on_conflict);
        for (const ObjectParts::Through& through : parts.relationships) {
            const RelationshipInfo& rel = *through.relationship;
            size_t child = child_for(node, rel);
            auto& children = shape_.nodes[node].groups[group].children;
            if (std::find(children.begin(), children.end(), child) == children.end()) children.push_back(child);
            std::vector<std::string> filled;
            if (rel.insert_after_parent)
                for (const auto& [here, there] : rel.mapping) filled.push_back(there);
            std::vector<PathSegment> data_path = extended(extended(path, rel.name), std::string("data"));
            if (rel.is_array) {
                read_list(child, *through.data, data_path, filled, *through.on_conflict);
            } else {
                read_object(child, *through.data, data_path, filled, *through.on_conflict);
            }
        }
    }

    size_t group_for(size_t node, const ObjectParts& parts, const Json& on_conflict) {
        auto [it, fresh] = groups_[node].emplace(parts.key, shape_.nodes[node].groups.size());
        if (fresh) shape_.nodes[node].groups.push_back(InsertGroup{parts.key, parts.columns, {}, on_conflict});
        return it->second;
    }

    size_t child_for(size_t node, const RelationshipInfo& rel) {
        for (size_t child : shape_.nodes[node].children)
            if (shape_.nodes[child].relationship == &rel) return child;
        size_t index = shape_.nodes.size();
        shape_.nodes.push_back(
            InsertNode{&snapshot_.tables.at(rel.target), &rel, node, shape_.nodes[node].depth + 1, {}, {}});
        groups_.emplace_back();
        shape_.nodes[node].children.push_back(index);
        return index;
    }

    const schema::CatalogSnapshot& snapshot_;
    InsertShape shape_;
    std::vector<std::map<std::string, size_t>> groups_;  // per node: key -> group (before sorting)
};

void append_key(std::string& out, size_t node, const InsertShape& shape) {
    const InsertNode& n = shape.nodes[node];
    out += "(";
    for (const InsertGroup& g : n.groups) out += g.key + ";";
    std::vector<std::pair<std::string, size_t>> children;
    for (size_t child : n.children) children.emplace_back(shape.nodes[child].relationship->name, child);
    std::sort(children.begin(), children.end());
    for (const auto& [name, child] : children) {
        out += name + ":";
        append_key(out, child, shape);
    }
    out += ")";
}

class RowWriter {
public:
    explicit RowWriter(const InsertShape& shape)
        : shape_(shape), rows_(shape.group_count()), members_(shape.group_count()), counters_(shape.nodes.size(), 0) {}

    std::vector<std::string> write(const Json& objects) {
        write_list(0, objects, 0, Json());
        for (std::string& r : rows_) r = r.empty() ? "[]" : r + "]";
        return std::move(rows_);
    }

private:
    void write_list(size_t node, const Json& list, size_t parent, const Json& on_conflict) {
        for (const Json& object : list) write_object(node, object, parent, on_conflict);
    }

    void write_object(size_t node, const Json& object, size_t parent, const Json& on_conflict) {
        const InsertNode& n = shape_.nodes[node];
        ObjectParts parts = parts_of(*n.table, object, on_conflict);
        auto group = std::lower_bound(n.groups.begin(), n.groups.end(), parts.key,
                                      [](const InsertGroup& g, const std::string& key) { return g.key < key; });
        if (group == n.groups.end() || group->key != parts.key)
            throw std::logic_error("insert_rows: an object of another shape than the statement's");
        size_t index = ++counters_[node];
        size_t flat = shape_.flat_index[node] + static_cast<size_t>(group - n.groups.begin());
        std::string& out = rows_[flat];
        out += out.empty() ? "[" : ",";
        out += "{\"__gg_i\":";
        out += std::to_string(index);
        out += ",\"__gg_p\":";
        out += std::to_string(parent);
        // The group's columns are the object's (its key says so), in the same order.
        const std::vector<std::string>& members = members_of(flat, *group);
        for (size_t c = 0; c < parts.values.size(); ++c) {
            out += members[c];
            append_json(out, *parts.values[c]);
        }
        out += "}";
        for (const ObjectParts::Through& through : parts.relationships) {
            size_t child = 0;
            for (size_t c : n.children)
                if (shape_.nodes[c].relationship == through.relationship) child = c;
            if (child == 0) throw std::logic_error("insert_rows: a relationship the statement does not insert through");
            if (through.relationship->is_array) write_list(child, *through.data, index, *through.on_conflict);
            else write_object(child, *through.data, index, *through.on_conflict);
        }
    }

    // `,"<column>":` for each column of a group, quoted once per request rather than per row.
    const std::vector<std::string>& members_of(size_t flat, const InsertGroup& group) {
        std::vector<std::string>& members = members_[flat];
        if (members.empty())
            for (const std::string& c : group.columns) members.push_back("," + Json(c).dump() + ":");
        return members;
    }

    const InsertShape& shape_;
    std::vector<std::string> rows_;
    std::vector<std::vector<std::string>> members_;
    std::vector<size_t> counters_;
};

}  // namespace

size_t InsertShape::group_count() const {
    return nodes.empty() ? 0 : flat_index.back() + nodes.back().groups.size();
}

InsertShape read_insert_shape(const schema::CatalogSnapshot& snapshot, const TableInfo& table, const Json& objects,
                              const std::vector<PathSegment>& path, bool single) {
    return ShapeReader(snapshot).read(table, objects, path, single);
}

std::string shape_key(const InsertShape& shape) {
    std::string out;
    if (!shape.nodes.empty()) append_key(out, 0, shape);
    return out;
}

std::vector<std::string> insert_rows(const InsertShape& shape, const Json& objects) {
    return RowWriter(shape).write(objects);
}

}  // namespace graphgate::compile
