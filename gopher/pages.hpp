// SPDX-License-Identifier: ISC
#pragma once
// The few Gopher items the server answers itself rather than the site: error menus,
// caps.txt, the `URL:` redirect page, the search prompt, and the answer to a web browser on
// this port. Pure, and free of the site, so the selector fuzz target checks them too.
#include <optional>
#include <string>
#include <string_view>

namespace smolpub::gopher {

/// A type-3 error menu: `3<message>\t\terror.host\t1\r\n`, then an item back to the
/// root on `host`:`port`, then `.\r\n`. Tabs and control characters in `message` become
/// spaces, so the line always has exactly four fields.
std::string error_menu(std::string_view message, std::string_view host, unsigned port);

/// The caps.txt file (the capabilities file Gopher clients such as Lagrange fetch).
std::string caps_txt();

/// The page for a `URL:<url>` selector: a small HTML document that sends a browser on
/// (meta refresh) and shows the link, the URL HTML-escaped. nullopt when the scheme is
/// not one of http, https, gemini, gopher, mailto, ftp, irc, or the URL holds control
/// characters or spaces.
std::optional<std::string> url_redirect_page(std::string_view url);

/// The menu for `/search` without a query: one type-7 item the client can prompt for.
std::string search_prompt_menu(std::string_view title, std::string_view host, unsigned port);

/// What an HTTP client on the Gopher port gets: `HTTP/1.0 400 Bad Request`, a text/plain
/// note and the gopher:// URL of this hole.
std::string http_refusal(std::string_view host, unsigned port);

} // namespace smolpub::gopher
