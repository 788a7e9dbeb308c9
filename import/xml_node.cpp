// SPDX-License-Identifier: ISC
#include "import/xml_node.hpp"

#include "text/utf8.hpp"

namespace smolpub::import {

std::string_view name_of(xmlNodePtr node)
{
    return node->name ? std::string_view{reinterpret_cast<const char*>(node->name)} : std::string_view{};
}

// libxml2 lets some ill-formed UTF-8 through (an overlong 0xC1 0xBE in CDATA, found by
// fuzz_wxr), and everything after this must be UTF-8: mended here, where text leaves libxml2.
std::string text_of(xmlNodePtr node)
{
    xmlChar* content = xmlNodeGetContent(node);
    if (!content)
        return {};
    std::string out = text::to_valid_utf8(reinterpret_cast<const char*>(content));
    xmlFree(content);
    return out;
}

std::string attribute_of(xmlNodePtr node, const char* name)
{
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (!value)
        return {};
    std::string out = text::to_valid_utf8(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return out;
}

} // namespace smolpub::import
