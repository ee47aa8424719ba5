#include "core/json.hpp"

#include <algorithm>
#include <vector>

namespace graphgate {

void append_member(Json& object, std::string key, Json value) {
    auto& members = static_cast<Json::object_t::Container&>(object.get_ref<Json::object_t&>());
    members.emplace_back(std::move(key), std::move(value));
}

void JsonObjectBuilder::set(std::string key, Json value) {
    auto& members = static_cast<Json::object_t::Container&>(object_.get_ref<Json::object_t&>());
    if (members.size() < scan_up_to) {
        for (auto& member : members) {
            if (member.first != key) continue;
            member.second = std::move(value);
            return;
        }
    } else {
        if (index_.empty())
            for (size_t i = 0; i < members.size(); ++i) index_.emplace(members[i].first, i);
        auto [it, fresh] = index_.emplace(key, members.size());
        if (!fresh) {
            members[it->second].second = std::move(value);
            return;
        }
    }
    members.emplace_back(std::move(key), std::move(value));
}

void append_json(std::string& out, const Json& value) {
    nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char>(out), ' ');
    serializer.dump(value, false, false, 0);
}

Json sorted_keys(const Json& value) {
    if (value.is_array()) {
        Json out = Json::array();
        for (const Json& item : value) out.push_back(sorted_keys(item));
        return out;
    }
    if (!value.is_object()) return value;
    std::vector<std::pair<const std::string*, const Json*>> members;
    members.reserve(value.size());
    for (auto it = value.begin(); it != value.end(); ++it) members.emplace_back(&it.key(), &it.value());
    std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    Json out = Json::object();
    for (const auto& [key, member] : members) append_member(out, *key, sorted_keys(*member));  // keys are unique
    return out;
}

namespace {

// nlohmann's SAX events to a Json: a stack of the arrays and objects still open.
class JsonBuilder {
public:
    bool null() { return add(nullptr); }
    bool boolean(bool value) { return add(value); }
    bool number_integer(Json::number_integer_t value) { return add(value); }
    bool number_unsigned(Json::number_unsigned_t value) { return add(value); }
    bool number_float(Json::number_float_t value, const std::string&) { return add(value); }
    bool string(std::string& value) { return add(std::move(value)); }
    bool binary(Json::binary_t& value) { return add(Json::binary(std::move(value))); }
    bool start_object(size_t) {
        open_.push_back(Open{true, {}, {}, {}});
        return true;
    }
    bool key(std::string& key) {
        open_.back().key = std::move(key);
        return true;
    }
    bool end_object() {
        Json object = open_.back().object.take();
        open_.pop_back();
        return add(std::move(object));
    }
    bool start_array(size_t) {
        open_.push_back(Open{false, {}, {}, Json::array()});
        return true;
    }
    bool end_array() {
        Json array = std::move(open_.back().array);
        open_.pop_back();
        return add(std::move(array));
    }
    template <typename Exception>
    bool parse_error(size_t, const std::string&, const Exception& error) {
        throw error;
    }

    Json take() { return std::move(result_); }

private:
    struct Open {
        bool is_object;
        JsonObjectBuilder object;
        std::string key;  // the key whose value comes next
        Json array;
    };

    bool add(Json value) {
        if (open_.empty()) {
            result_ = std::move(value);
        } else if (Open& top = open_.back(); top.is_object) {
            top.object.set(std::move(top.key), std::move(value));
        } else {
            top.array.push_back(std::move(value));
        }
        return true;
    }

    std::vector<Open> open_;
    Json result_;
};

}  // namespace

Json parse_json(std::string_view text) {
    JsonBuilder builder;
    Json::sax_parse(text.begin(), text.end(), &builder);
    return builder.take();
}

}  // namespace graphgate
