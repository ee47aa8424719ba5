#include "pg/metadata_api.hpp"

#include <type_traits>

#include "core/metadata/error.hpp"
#include "pg/catalog.hpp"
#include "pg/error_mapping.hpp"
#include "pg/guard.hpp"
#include "pg/subtransaction.hpp"

namespace graphgate::pg {
namespace {

const Json kSuccess = {{"message", "success"}};

}  // namespace

Json execute_request(Spi& spi, const ParsedRequest& request) {
    return std::visit(
        [&](const auto& cmd) -> Json {
            using T = std::decay_t<decltype(cmd)>;
            try {
                if constexpr (std::is_same_v<T, Bulk>) {
                    Json results = Json::array();
                    for (const ParsedRequest& inner : cmd.requests) results.push_back(execute_request(spi, inner));
                    return results;
                } else if constexpr (std::is_same_v<T, ExportMetadata>) {
                    return to_json(export_document(spi));
                } else if constexpr (std::is_same_v<T, ReloadMetadata>) {
                    return {{"message", "success"}, {"is_consistent", reload(spi)}};
                } else if constexpr (std::is_same_v<T, GetInconsistentMetadata>) {
                    return inconsistent_objects(spi);
                } else {
                    if constexpr (std::is_same_v<T, AddSource>) add_source(spi, cmd);
                    if constexpr (std::is_same_v<T, DropSource>) drop_source(spi, cmd);
                    if constexpr (std::is_same_v<T, TrackTable>) track_table(spi, cmd);
                    if constexpr (std::is_same_v<T, SetTableCustomization>) set_table_customization(spi, cmd);
                    if constexpr (std::is_same_v<T, SetTableIsEnum>) set_table_is_enum(spi, cmd);
                    if constexpr (std::is_same_v<T, UntrackTable>) untrack_table(spi, cmd);
                    if constexpr (std::is_same_v<T, CreateRelationship>) create_relationship(spi, cmd);
                    if constexpr (std::is_same_v<T, CreateRemoteRelationship>) create_remote_relationship(spi, cmd);
                    if constexpr (std::is_same_v<T, DropRelationship>) drop_relationship(spi, cmd);
                    if constexpr (std::is_same_v<T, ReplaceMetadata>) replace_document(spi, cmd.document);
                    if constexpr (std::is_same_v<T, AddComputedField>) add_computed_field(spi, cmd);
                    if constexpr (std::is_same_v<T, DropComputedField>) drop_computed_field(spi, cmd);
                    if constexpr (std::is_same_v<T, TrackFunction>) track_function(spi, cmd);
                    if constexpr (std::is_same_v<T, UntrackFunction>) untrack_function(spi, cmd);
                    return kSuccess;
                }
            } catch (MetadataError& e) {
                // Errors found while executing concern the request's arguments, as in Hasura;
                // a replace points into its document itself.
                if (std::is_same_v<T, ReplaceMetadata> && e.path().rfind("$.sources", 0) == 0)
                    e.at(request.path + ".args" + e.path().substr(1));
                else if (e.path() == "$" && !std::is_same_v<T, Bulk>)
                    e.at(request.path + ".args");
                throw;
            }
        },
        request.command);
}

Json run_metadata_request(Spi& spi, const Json& body) {
    try {
        ParsedRequest request = parse_metadata_request(body);
        Json result;
        in_subtransaction([&] { result = execute_request(spi, request); });
        return result;
    } catch (const MetadataError& e) {
        return e.to_json();
    } catch (const PgError& e) {
        if (e.must_propagate()) throw;
        return Json(metadata_error_body(e));
    }
}

}  // namespace graphgate::pg
