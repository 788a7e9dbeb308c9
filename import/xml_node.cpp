#include "import/xml_node.hpp"

namespace smolpub::import {

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
