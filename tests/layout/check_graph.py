#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The layout rules that a line-by-line grep cannot see, checked on the whole include graph.

Run by check_includes.sh, whose tables (may_include, owned_by) it reads, so the rules are
written once. It reports, as file:line: messages, and exits 1 on any:
- a file that reaches, through the headers it includes, a project folder its own folder may
  not include (X includes Y/a.hpp, which includes Z/b.hpp: X depends on Z);
- a forward declaration of another folder's namespace that the folder may not include
  (`namespace smolpub::runtime { struct runtime_state; }` in net/);
- a CMake target_link_libraries line that links a folder's library to a project library it
  may not include, or to a third-party target the folder does not own;
- a difference between ARCHITECTURE.md's "may include" table and check_includes.sh's.
Usage: check_graph.py CHECK_INCLUDES_SH SOURCE_ROOT
"""
import os
import re
import sys

# Debts that are known, each with its issue, and reported only as a note: (folder, what it
# reaches or declares, and the header that crosses into it). Remove an entry when it is paid.
KNOWN = {
    ("net", "render", "content/settings.hpp"): "#25: the server configuration becomes a leaf",
    ("tls", "render", "content/settings.hpp"): "#25: the server configuration becomes a leaf",
    ("runtime", "render", "content/settings.hpp"): "#25: the server configuration becomes a leaf",
    ("gopher", "tls", "runtime/state.hpp"): "#25: runtime/state.hpp shows tls/context.hpp to every protocol",
    ("http", "tls", "runtime/state.hpp"): "#25: runtime/state.hpp shows tls/context.hpp to every protocol",
    ("net", "runtime", "net/connection.hpp"): "#25: net/ names the runtime snapshot it hands on",
}
# CMake target -> the owned_by name of the library it brings (None: anyone may link it).
THIRD_PARTY_TARGETS = {
    "cmark::cmark": "cmark", "tomlplusplus::tomlplusplus": "toml++", "PkgConfig::ZSTD": "zstd",
    "OpenSSL::SSL": "openssl", "OpenSSL::Crypto": "openssl", "LibXml2::LibXml2": "libxml",
    "ZLIB::ZLIB": "zlib", "asio": "asio", "tl::expected": "tl", "Threads::Threads": None,
}


def read_table(script, name):
    text = open(script, encoding="utf-8").read()
    block = re.search(r"declare -A " + re.escape(name) + r"=\((.*?)\n\)", text, re.S).group(1)
    return {key: set(value.split()) for key, value in re.findall(r'\[([^\]]+)\]="([^"]*)"', block)}


def architecture_table(path, folders):
    """ARCHITECTURE.md's rows `| `x` | a, b |` under "Who may include whom"; None without the file."""
    if not os.path.exists(path):
        return None
    text = open(path, encoding="utf-8").read()
    start = text.find("## Who may include whom")
    if start < 0:
        return None
    section = text[start:text.find("\n## ", start + 1)]
    table = {}
    for folder, allowed in re.findall(r"^\| `([a-z]+)` \| ([^|]+) \|$", section, re.M):
        allowed = allowed.strip()
        if allowed == "nothing of the project":
            table[folder] = set()
        elif allowed == "everything":
            table[folder] = set(folders) - {folder}
        else:
            table[folder] = {a.strip() for a in allowed.split(",")}
    return table


INCLUDE = re.compile(r'^\s*#\s*include\s*"([a-z_]+)/([^"]+)"', re.M)
FORWARD = re.compile(r"^[^/\n]*\bnamespace\s+smolpub\s*(?:::\s*|\{\s*namespace\s+)([a-z_]+)\b", re.M)


def sources(root, folders):
    for folder in sorted(folders):
        directory = os.path.join(root, folder)
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            if name.endswith((".cpp", ".hpp", ".h")):
                yield folder, f"{folder}/{name}"


def main():
    script, root = sys.argv[1], sys.argv[2]
    may_include = read_table(script, "may_include")
    owned_by = read_table(script, "owned_by")
    folders = set(may_include)
    problems, notes = [], []

    def allowed(folder):
        return may_include[folder] | {folder}

    # The include graph: each file's project includes, with their lines.
    includes = {}
    for folder, rel in sources(root, folders):
        text = open(os.path.join(root, rel), encoding="utf-8", errors="replace").read()
        includes[rel] = [(text.count("\n", 0, m.start()) + 1, m.group(1), f"{m.group(1)}/{m.group(2)}")
                         for m in INCLUDE.finditer(text)]
        for m in FORWARD.finditer(text):
            other = m.group(1)
            if other in folders and other not in allowed(folder):
                line = text.count("\n", 0, m.start()) + 1
                report(problems, notes, (folder, other, rel),
                       f"{rel}:{line}: {folder}/ forward-declares a type of {other}/, which it may not include")

    reach = {}  # header -> {folder: the chain of headers that gets there}

    def reached(header, visiting=()):
        if header in reach:
            return reach[header]
        result = {}
        for _, folder, target in includes.get(header, []):
            if target in visiting or target == header:
                continue
            result.setdefault(folder, [target])
            for far, chain in reached(target, visiting + (header,)).items():
                result.setdefault(far, [target] + chain)
        reach[header] = result
        return result

    for folder, rel in sources(root, folders):
        for line, first, target in includes[rel]:
            if first not in allowed(folder):
                continue  # a direct violation: check_includes.sh says so
            for far, chain in reached(target).items():
                if far in allowed(folder) or far not in folders:
                    continue
                hops = [target] + chain
                via = " -> ".join(hops)
                report(problems, notes, (folder, far, hops[-2]),
                       f"{rel}:{line}: {folder}/ reaches {far}/, which it may not include, through {via}")

    # CMake: what each folder's targets link.
    for folder in sorted(folders):
        cmake = os.path.join(root, folder, "CMakeLists.txt")
        if not os.path.exists(cmake):
            continue
        text = open(cmake, encoding="utf-8").read()
        for m in re.finditer(r"target_link_libraries\s*\(([^)]*)\)", text):
            line = text.count("\n", 0, m.start()) + 1
            words = m.group(1).split()[1:]
            for word in words:
                if word in ("PUBLIC", "PRIVATE", "INTERFACE"):
                    continue
                lib = re.fullmatch(r"smolpub_([a-z]+)(?:_[a-z_]+)?", word)
                if lib and lib.group(1) in folders:
                    if lib.group(1) not in allowed(folder):
                        problems.append(f"{folder}/CMakeLists.txt:{line}: {folder}/ links {word}, "
                                        f"but may not include {lib.group(1)}/")
                elif word.startswith("smolpub"):
                    continue  # a target of the folder itself (cli's programs)
                elif word not in THIRD_PARTY_TARGETS:
                    problems.append(f"{folder}/CMakeLists.txt:{line}: {folder}/ links {word}, a target the "
                                    f"layout check does not know; add it to THIRD_PARTY_TARGETS in {sys.argv[0]}")
                elif THIRD_PARTY_TARGETS[word] and folder not in owned_by.get(THIRD_PARTY_TARGETS[word], set()):
                    problems.append(f"{folder}/CMakeLists.txt:{line}: {folder}/ links {word}, which belongs to "
                                    f"{' '.join(sorted(owned_by[THIRD_PARTY_TARGETS[word]]))}/")

    # The documented table and the checked one are the same table.
    documented = architecture_table(os.path.join(root, "ARCHITECTURE.md"), folders)
    if documented is not None:
        for folder in sorted(folders | set(documented)):
            says, checks = documented.get(folder), may_include.get(folder)
            if says != checks:
                problems.append(f"ARCHITECTURE.md:1: the table says {folder}/ may include "
                                f"{', '.join(sorted(says)) if says is not None else '(no row)'}; "
                                f"check_includes.sh says {', '.join(sorted(checks)) if checks is not None else '(no rule)'}")

    for key, message, count in notes:
        print(f"note: known debt ({KNOWN[key]}), {count} place(s), first {message}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def report(problems, notes, key, message):
    """A problem, or for a known debt a note: the first place it shows, and how many there are."""
    if key not in KNOWN:
        problems.append(message)
        return
    for note in notes:
        if note[0] == key:
            note[2] += 1
            return
    notes.append([key, message, 1])


if __name__ == "__main__":
    sys.exit(main())
