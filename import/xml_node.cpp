// SPDX-License-Identifier: ISC
#include "import/xml_node.hpp"

namespace smolpub::import {

std::string_view name_of(xmlNodePtr node)
{
    return node->name ? std::string_view{reinterpret_cast<const char*>(node->name)} : std::string_view{};
}

std::string text_of(xmlNodePtr node)
{
    xmlChar* content = xmlNodeGetContent(node);
    if (!content)
        return {};
    std::string text{reinterpret_cast<const char*>(content)};
    xmlFree(content);
    return text;
}

std::string attribute_of(xmlNodePtr node, const char* name)
{
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (!value)
        return {};
    std::string text{reinterpret_cast<const char*>(value)};
    xmlFree(value);
    return text;
}

} // namespace smolpub::import
