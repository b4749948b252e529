#pragma once
// Escaping for what we embed in XML, HTML and data: URLs.

#include <string>
#include <string_view>

namespace ecozone::text {

// Text for XML and HTML: & < > " as entities.
std::string xml_escape(std::string_view text);

std::string base64(std::string_view bytes);

}  // namespace ecozone::text
