#include "core/i18n.hpp"

#include <clocale>
#include <cstdlib>
#include <cstring>
#include <libintl.h>
#include <system_error>


#ifndef ECOZONE_BUILD_LOCALE_DIR
#define ECOZONE_BUILD_LOCALE_DIR ""
#endif
#ifndef ECOZONE_INSTALL_LOCALE_SUBDIR
#define ECOZONE_INSTALL_LOCALE_SUBDIR "share/locale"
#endif

namespace ecozone {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_domain = "ecozone";
bool g_chinese = false;

// The value gettext takes the language from: LC_ALL, then LC_MESSAGES, then LANG.
std::string requested_locale() {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        if (const char* v = std::getenv(name); v && *v) return v;
    }
    return {};
}

// Where the catalogues are: the installed ones beside the program, else the build tree's.
fs::path locale_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && !exe.empty()) {
        const fs::path installed = exe.parent_path().parent_path() / ECOZONE_INSTALL_LOCALE_SUBDIR;
        if (fs::is_regular_file(installed / "zh_CN" / "LC_MESSAGES" / "ecozone.mo", ec)) return installed;
    }
    return ECOZONE_BUILD_LOCALE_DIR;
}

}  // namespace

void init_messages() {
    // Only the language of messages follows the environment; LC_NUMERIC stays "C", so that 1.5 is read
    // and written as 1.5 under every locale.
    const std::string wanted = requested_locale();
    if (!std::setlocale(LC_MESSAGES, "") && wanted.starts_with("zh")) {
        // A Chinese locale that this machine has not generated (common in containers): gettext still
        // translates under C.UTF-8 when LANGUAGE names the language.
        std::setlocale(LC_MESSAGES, "C.UTF-8");
        if (const char* l = std::getenv("LANGUAGE"); !l || !*l) setenv("LANGUAGE", wanted.c_str(), 1);
    }
    const fs::path dir = locale_dir();
    bindtextdomain(k_domain, dir.c_str());
    bind_textdomain_codeset(k_domain, "UTF-8");
    // Chinese when the catalogue answers a known message in Chinese (so LANGUAGE=zh_CN:en counts too).
    g_chinese = std::strcmp(dgettext(k_domain, "error"), "error") != 0;
}

bool messages_in_chinese() { return g_chinese; }

namespace i18n {

std::string translate(const char* msgid) { return dgettext(k_domain, msgid); }

std::string translate_plural(const char* singular, const char* plural, unsigned long n) {
    return dngettext(k_domain, singular, plural, n);
}

std::string fill(std::string_view tmpl, const std::string* args, std::size_t count, const std::string* count_text) {
    std::string out;
    out.reserve(tmpl.size() + 32);
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 2] == '}') {
            const char c = tmpl[i + 1];
            const std::string* value = nullptr;
            if (c >= '1' && c <= '9' && static_cast<std::size_t>(c - '1') < count) value = &args[c - '1'];
            if (c == 'n') value = count_text;
            if (value) {
                out += *value;
                i += 2;
                continue;
            }
        }
        out += tmpl[i];
    }
    return out;
}

}  // namespace i18n

}  // namespace ecozone
