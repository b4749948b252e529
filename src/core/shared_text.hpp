#pragma once
// An immutable string whose copies share one buffer. A rule's reasons, in Chinese and in English, and the
// document it encodes are copied into the result of every site it fires for: shared, 100,000 sites hold one
// copy of each sentence, not 100,000. Reads as a const std::string&.

#include <memory>
#include <ostream>
#include <string>

namespace ecozone {

class SharedText {
public:
    SharedText() = default;
    SharedText(std::string s) : m_s(s.empty() ? nullptr : std::make_shared<const std::string>(std::move(s))) {}
    SharedText(const char* s) : SharedText(std::string(s)) {}

    const std::string& str() const { return m_s ? *m_s : empty_string(); }
    operator const std::string&() const { return str(); }
    bool empty() const { return !m_s; }
    std::size_t size() const { return str().size(); }
    const char* c_str() const { return str().c_str(); }

    friend bool operator==(const SharedText& a, const SharedText& b) { return a.str() == b.str(); }
    friend bool operator==(const SharedText& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const SharedText& a, const char* b) { return a.str() == b; }
    friend std::string operator+(const std::string& a, const SharedText& b) { return a + b.str(); }
    friend std::string operator+(const SharedText& a, const std::string& b) { return a.str() + b; }
    friend std::string operator+(const char* a, const SharedText& b) { return a + b.str(); }
    friend std::string operator+(const SharedText& a, const char* b) { return a.str() + b; }
    friend std::ostream& operator<<(std::ostream& out, const SharedText& t) { return out << t.str(); }

private:
    static const std::string& empty_string() {
        static const std::string none;
        return none;
    }
    std::shared_ptr<const std::string> m_s;
};

}  // namespace ecozone
