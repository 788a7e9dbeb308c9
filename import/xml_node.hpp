#pragma once
// Reading libxml2 tree nodes as std::string, for the WXR reader and the HTML converter
// alike. Private to import/: libxml2 stays in this folder.
#include <string>

#include <libxml/tree.h>

namespace smolpub::import {

/// The value of attribute `name` on `node`, or "" when it has none.
std::string attribute_of(xmlNodePtr node, const char* name);

} // namespace smolpub::import
