#pragma once
// Pretty-printed JSON written straight to text, byte for byte as nlohmann::ordered_json's dump(2) writes the
// same document, without building the document first (screening.json of 100,000 sites is ~600 MB of it).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecozone::report {

class JsonText {
public:
    // Appends to `out`; the first line is not indented, every later one starts `base_indent` spaces in, as
    // for a value nested that deep in a document.
    JsonText(std::string& out, int base_indent) : out_(out), base_(base_indent) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    // The key of the next value, in an object.
    void key(std::string_view k);
    // A member of an object: key and value.
    void field(std::string_view k, std::string_view v) {
        key(k);
        string(v);
    }
    void field(std::string_view k, const char* v) {
        key(k);
        string(v);
    }
    void field(std::string_view k, double v) {
        key(k);
        number(v);
    }
    void field(std::string_view k, bool v) {
        key(k);
        boolean(v);
    }
    // An object or array that is a member of an object.
    void begin_object(std::string_view k) {
        key(k);
        begin_object();
    }
    void begin_array(std::string_view k) {
        key(k);
        begin_array();
    }

    void string(std::string_view s);
    void number(double v);  // nlohmann's shortest round-trip form; NaN and infinities are null
    void integer(std::uint64_t v);
    void boolean(bool b);
    void null();

    // An object of string values from (key, value) pairs, as ordered_json makes it by assigning each pair in
    // turn: a repeated key keeps its first place and takes its last value.
    void string_object(const std::vector<std::pair<std::string, std::string>>& pairs);

private:
    void open(char bracket);
    void close(char bracket);
    void element();  // before a value: the comma and new line its place in a container needs
    void indent(std::size_t depth);
    void quoted(std::string_view s);  // the string in quotes, escaped

    std::string& out_;
    int base_;
    std::vector<std::size_t> counts_;  // elements so far in each open container
    bool after_key_ = false;
};

}  // namespace ecozone::report
