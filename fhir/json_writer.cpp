// Model -> FHIR JSON: walks the same field descriptors as the reader, in R4 element order.
#include <exception>

#include "fhir/codec_common.hpp"
#include "fhir/json_codec.hpp"
#include "fhir/json_member.hpp"
#include "fhir/rapidjson.hpp"
#include "fhir/reflect.hpp"

namespace sarcoma::fhir {
namespace detail {
namespace {

template <class W>
class JsonWriter {
 public:
  explicit JsonWriter(W& w) : w_(w) {}

  void resource(const Resource& r) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, OtherResource>) {
            other(x);
          } else {
            object(x);
          }
        },
        r.variant());
  }

 private:
  void key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  void str(std::string_view s) { w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

  void other(const OtherResource& x) {
    if (!x.raw_json.empty()) {
      w_.RawValue(x.raw_json.data(), x.raw_json.size(), rapidjson::kObjectType);
      return;
    }
    w_.StartObject();
    key("resourceType");
    str(x.resource_type);
    if (!x.id.empty()) {
      key("id");
      str(x.id);
    }
    w_.EndObject();
  }

  template <class T>
  void object(const T& v) {
    w_.StartObject();
    if constexpr (is_resource_type_v<T>) {
      key("resourceType");
      str(T::kTypeName);
    }
    if constexpr (is_element_v<T>) member("id", v.id);
    for_each_base_extension(v, [&](std::string_view n, const auto& m) { member(n, m); });
    for_each_field<T>([&](const auto& d) { member(d.name, v.*(d.member)); });
    w_.EndObject();
  }

  template <PT K>
  void prim_value(const Prim<K>& p) {
    if constexpr (K == PT::boolean) {
      w_.Bool(*p.value);
    } else if constexpr (K == PT::integer || K == PT::unsignedInt || K == PT::positiveInt) {
      w_.Int(*p.value);
    } else if constexpr (K == PT::decimal) {
      const std::string& t = p.value->text();
      // Writer::RawNumber in RapidJSON 1.1.0 quotes its argument; RawValue writes it verbatim.
      w_.RawValue(t.data(), t.size(), rapidjson::kNumberType);
    } else {
      str(*p.value);
    }
  }

  template <PT K>
  void prim_ext(const Prim<K>& p) {
    w_.StartObject();
    member("id", p.id);
    member("extension", p.extension);
    w_.EndObject();
  }

 public:
  template <class M>
  void member(std::string_view name, const M& m) {
    if constexpr (std::is_same_v<M, std::string>) {
      if (m.empty()) return;
      key(name);
      str(m);
    } else if constexpr (is_prim_v<M>) {
      if (m.value) {
        key(name);
        prim_value(m);
      }
      if (!m.id.empty() || !m.extension.empty()) {
        key("_" + std::string(name));
        prim_ext(m);
      }
    } else if constexpr (is_vector_v<M>) {
      if (m.empty()) return;
      using E = typename M::value_type;
      if constexpr (is_prim_v<E>) {
        bool any_value = false, any_ext = false;
        for (const auto& e : m) {
          any_value = any_value || e.value.has_value();
          any_ext = any_ext || !e.id.empty() || !e.extension.empty();
        }
        if (any_value) {
          key(name);
          w_.StartArray();
          for (const auto& e : m) {
            if (e.value) {
              prim_value(e);
            } else {
              w_.Null();
            }
          }
          w_.EndArray();
        }
        if (any_ext) {
          key("_" + std::string(name));
          w_.StartArray();
          for (const auto& e : m) {
            if (!e.id.empty() || !e.extension.empty()) {
              prim_ext(e);
            } else {
              w_.Null();
            }
          }
          w_.EndArray();
        }
      } else {
        key(name);
        w_.StartArray();
        for (const auto& e : m) item(e);
        w_.EndArray();
      }
    } else if constexpr (is_optional_v<M>) {
      if (!m) return;
      key(name);
      item(*m);
    } else if constexpr (is_choice_v<M>) {
      visit_choice(name, m, [&](std::string_view n, const auto& alt) { member(n, alt); });
    } else {
      key(name);
      item(m);
    }
  }

 private:
  template <class X>
  void item(const X& x) {
    if constexpr (std::is_same_v<X, Resource>) {
      resource(x);
    } else {
      object(x);
    }
  }

  W& w_;
};

template <class W>
std::string write(const Resource& r, W& writer, rapidjson::StringBuffer& buffer) {
  JsonWriter<W>(writer).resource(r);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace
}  // namespace detail

void write_json_member(JsonStringWriter& writer, std::string_view name, const Reference& value) {
  detail::JsonWriter<JsonStringWriter>(writer).member(name, value);
}
void write_json_member(JsonStringWriter& writer, std::string_view name,
                       const std::optional<Reference>& value) {
  detail::JsonWriter<JsonStringWriter>(writer).member(name, value);
}
void write_json_member(JsonStringWriter& writer, std::string_view name,
                       const std::variant<std::monostate, DateTime, Period>& value) {
  detail::JsonWriter<JsonStringWriter>(writer).member(name, value);
}

void append_json(const Resource& resource, std::string& out) {
  // One buffer per thread, kept between calls: no regrowth from empty for every resource. A buffer
  // grown by an unusually large resource is given back rather than held for the thread's life.
  constexpr std::size_t kKeepBytes = std::size_t{1} << 20;
  thread_local rapidjson::StringBuffer buffer;
  buffer.Clear();
  try {
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    detail::JsonWriter<rapidjson::Writer<rapidjson::StringBuffer>>(writer).resource(resource);
    out.append(buffer.GetString(), buffer.GetSize());
  } catch (...) {
    // only on allocation failure: nothing appended
  }
  if (buffer.GetSize() > kKeepBytes) {
    buffer.Clear();
    buffer.ShrinkToFit();
  }
}

std::string to_json(const Resource& resource, bool pretty) {
  try {
    rapidjson::StringBuffer buffer;
    if (pretty) {
      rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
      writer.SetIndent(' ', 2);
      return detail::write(resource, writer, buffer);
    }
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    return detail::write(resource, writer, buffer);
  } catch (...) {
    return std::string();  // only on allocation failure
  }
}

}  // namespace sarcoma::fhir
