// SPDX-License-Identifier: ISC
#pragma once
// Reading libxml2 tree nodes as std::string, for the WXR reader and the HTML converter
// alike. Private to import/: libxml2 stays in this folder.
#include <string>
#include <string_view>

#include <libxml/tree.h>

namespace smolpub::import {

/// The element name of `node` ("" for nodes without one). A view into the node.
std::string_view name_of(xmlNodePtr node);

/// The node's text: text nodes and CDATA sections below it, concatenated.
std::string text_of(xmlNodePtr node);

/// The value of attribute `name` on `node`, or "" when it has none.
std::string attribute_of(xmlNodePtr node, const char* name);

} // namespace smolpub::import
