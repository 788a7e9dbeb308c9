#include "gopher/response.hpp"

#include <utility>

#include "render/gopher.hpp"

namespace smolpub::server::gopher {

std::string error_menu(std::string_view message, std::string_view host, unsigned port)
{
    // error.host/1 is the convention clients recognise for "no real item here".
    std::string out = render::menu_line({'3', std::string{message}, "", "error.host", 1});
    out += render::menu_line({'1', "Back to the home page", "/", std::string{host}, port});
    return render::finish_menu(std::move(out));
}

std::string plus_error(std::string_view message)
{
    return render::finish_menu("--1\r\n1\r\n" + std::string{message} + "\r\n");
}

} // namespace smolpub::server::gopher
