// SPDX-License-Identifier: ISC
#pragma once
// Files editors leave beside the ones being edited. They are never content: the loader
// does not publish them and site.watch does not reload for them.
#include <string_view>

namespace smolpub::content {

/// True for an editor's scratch file name (no folder): dotfiles (vim's `.a.md.swp`, Emacs's
/// `.#a.md` lock), backups ending in `~`, Emacs auto-saves `#a.md#`, vim's `*.swp`/`*.swo`/
/// `*.swx`/`*.swn` swap files and the `4913` file vim creates to test that a folder is writable.
/// Pure.
bool is_editor_scratch(std::string_view name);

} // namespace smolpub::content
