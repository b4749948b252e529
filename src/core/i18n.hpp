#pragma once
// Messages in the user's language, through gettext (text domain "ecozone"): Chinese under a Chinese
// locale (LANG=zh_CN.UTF-8, or LANGUAGE=zh_CN), English — the text written in the source — otherwise.
//
// A message is a template with numbered places, so that a translation may put them in its own order:
//     throw Error(where, tr("has no field '{1}' (named by {2})."), named, option));
// The places take text and whole numbers; a measured value is formatted first (text::thousands), so
// that its decimals are chosen where it is written. Only LC_MESSAGES follows the locale: numbers are
// read and written the same way under every locale.

#include <concepts>
#include <filesystem>
#include <string>
#include <string_view>

namespace ecozone {

// Binds the text domain to the installed catalogues (<prefix>/share/locale), or to the build tree's
// when the program runs from there, and takes the language from the environment. Called once by main.
void init_messages();

// True when messages are shown in Chinese.
bool messages_in_chinese();

namespace i18n {

std::string translate(const char* msgid);
std::string translate_plural(const char* singular, const char* plural, unsigned long n);
// `tmpl` with {1}..{9} replaced by `args[0]`.. and {n} by `*count_text`, in one pass (a value is never
// read as a place); a place without a value stays as written.
std::string fill(std::string_view tmpl, const std::string* args, std::size_t count,
                 const std::string* count_text = nullptr);

inline std::string place(const std::string& s) { return s; }
inline std::string place(std::string_view s) { return std::string(s); }
inline std::string place(const char* s) { return s; }
inline std::string place(char c) { return std::string(1, c); }
inline std::string place(const std::filesystem::path& p) { return p.string(); }
template <std::integral T>
    requires(!std::same_as<T, char> && !std::same_as<T, bool>)
std::string place(T n) {
    return std::to_string(n);
}

}  // namespace i18n

// The message `msgid` in the user's language, its places filled with `args`.
template <class... Args>
std::string tr(const char* msgid, const Args&... args) {
    if constexpr (sizeof...(Args) == 0) {
        return i18n::translate(msgid);
    } else {
        const std::string values[] = {i18n::place(args)...};
        return i18n::fill(i18n::translate(msgid), values, sizeof...(Args));
    }
}

// The singular or plural message for `n` ("1 site", "2 sites"); {n} in it is `n`, and {1}.. are `args`.
template <class... Args>
std::string trn(const char* singular, const char* plural, unsigned long n, const Args&... args) {
    const std::string values[] = {i18n::place(args)..., std::string{}};
    const std::string count = std::to_string(n);
    return i18n::fill(i18n::translate_plural(singular, plural, n), values, sizeof...(Args), &count);
}

// Marks a message for translation where it is defined (a table of labels); translate it with tr() where
// it is shown.
constexpr const char* tr_noop(const char* msgid) { return msgid; }

}  // namespace ecozone
