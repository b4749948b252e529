#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "report/json_text.hpp"

using namespace ecozone;
using json = nlohmann::ordered_json;

namespace {

// The same document written by JsonText and by ordered_json's dump(2) (every line after the first moved in by
// `indent` spaces, as screening.json nests a site).
std::string shifted(const std::string& text, int indent) {
    std::string out;
    for (char c : text) {
        out += c;
        if (c == '\n') out.append(static_cast<std::size_t>(indent), ' ');
    }
    return out;
}

}  // namespace

TEST_CASE("JSON text is written byte for byte as nlohmann's dump(2) writes it", "[report]") {
    const std::vector<std::string> strings{"",        "纯文本 plain", "quote \" and \\ back", "tab\tnew\nline\r",
                                           "\x01\x1f", "del \x7f",     "emoji 😀 (4 bytes)",   "é (2 bytes)"};
    const std::vector<double> numbers{0.0, -0.0, 5.0, 274453.34, 1e-7, 1e20, 123456789012345678.0, 0.1 + 0.2,
                                      std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()};
    const std::vector<std::pair<std::string, std::string>> pairs{{"a", "1"}, {"b", "2"}, {"a", "3"}, {"", "空键"}};
    for (int indent : {0, 4}) {
        INFO("indent " << indent);
        json doc = json::object();
        std::string text;
        report::JsonText w(text, indent);
        w.begin_object();
        json strs = json::array();
        w.begin_array("strings");
        for (const auto& s : strings) {
            strs.push_back(s);
            w.string(s);
        }
        w.end_array();
        doc["strings"] = strs;
        json nums = json::array();
        w.begin_array("numbers");
        for (double v : numbers) {
            nums.push_back(v);
            w.number(v);
        }
        w.end_array();
        doc["numbers"] = nums;
        w.key("big");
        w.integer(18446744073709551615ull);
        doc["big"] = 18446744073709551615ull;
        w.begin_array("flags");
        w.boolean(true);
        w.boolean(false);
        w.null();
        w.end_array();
        doc["flags"] = {true, false, nullptr};
        w.field("a text", "文字");
        w.field("a number", 2.5);
        w.field("a flag", true);
        doc["a text"] = "文字";
        doc["a number"] = 2.5;
        doc["a flag"] = true;
        w.begin_object("empty object");
        w.end_object();
        doc["empty object"] = json::object();
        w.begin_array("empty array");
        w.end_array();
        doc["empty array"] = json::array();
        json assigned = json::object();
        for (const auto& [k, v] : pairs) assigned[k] = v;
        w.key("pairs");
        w.string_object(pairs);
        doc["pairs"] = assigned;
        w.begin_array("nested");
        w.begin_object();
        w.begin_array("x");
        w.integer(1);
        w.end_array();
        w.end_object();
        w.end_array();
        doc["nested"] = json::array({{{"x", {1}}}});
        w.end_object();
        CHECK(text == shifted(doc.dump(2), indent));
    }
    SECTION("invalid UTF-8 is refused as nlohmann refuses it") {
        for (const std::string bad : {"\xff", "\xe4\xb8", "\xc0\xaf", "\xed\xa0\x80", "cut \xe4"}) {
            std::string text;
            report::JsonText w(text, 0);
            CHECK_THROWS_AS(w.string(bad), json::type_error);
        }
    }
}
