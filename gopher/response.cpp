// SPDX-License-Identifier: ISC
#include "gopher/response.hpp"

#include <utility>

#include "render/gopher.hpp"

namespace smolpub::gopher {


std::string plus_error(std::string_view message)
{
    return render::finish_menu("--1\r\n1\r\n" + std::string{message} + "\r\n");
}

} // namespace smolpub::gopher
