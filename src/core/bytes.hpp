#pragma once
// A plain binary buffer for files only ecozone reads back (the layer cache): values in the machine's
// byte order, strings with their length. The reader checks every length against what is left and
// throws BadBytes instead of reading past the end, so a damaged file is rejected, never trusted.

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace ecozone {

struct BadBytes : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class ByteWriter {
public:
    template <class T>
    void put(T value) {
        static_assert(std::is_trivially_copyable_v<T>);
        m_out.append(reinterpret_cast<const char*>(&value), sizeof value);
    }
    void put_bytes(const void* data, std::size_t size) { m_out.append(static_cast<const char*>(data), size); }
    void put_string(std::string_view s) {
        put<std::uint64_t>(s.size());
        m_out.append(s);
    }
    std::string& data() { return m_out; }

private:
    std::string m_out;
};

class ByteReader {
public:
    ByteReader(const char* data, std::size_t size) : m_p(data), m_end(data + size) {}

    template <class T>
    T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        T value;
        std::memcpy(&value, take(sizeof value), sizeof value);
        return value;
    }
    // `count` elements of `element_size` bytes, checked for overflow and against what is left.
    const char* take_array(std::uint64_t count, std::size_t element_size) {
        if (element_size != 0 && count > left() / element_size) throw BadBytes("array longer than the file");
        return take(static_cast<std::size_t>(count) * element_size);
    }
    std::string get_string() {
        const auto n = get<std::uint64_t>();
        const char* p = take_array(n, 1);
        return std::string(p, static_cast<std::size_t>(n));
    }
    std::size_t left() const { return static_cast<std::size_t>(m_end - m_p); }

private:
    const char* take(std::size_t n) {
        if (n > left()) throw BadBytes("unexpected end of data");
        const char* p = m_p;
        m_p += n;
        return p;
    }
    const char* m_p;
    const char* m_end;
};

}  // namespace ecozone
