// SPDX-License-Identifier: ISC
// Static files read per request in chunks (content/file_stream.hpp): the bytes are the
// file's, a chunk is never over 64 KiB, RFC 1436 dot-stuffing matches gopher::finish_text
// (tests/gopher/framing_tests.cpp), and a
// file changed while it is read is either read whole as it was or refused, never mixed.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "content/file_stream.hpp"
#include "site/gopher_view.hpp"
#include "tests/support/files.hpp"
#include "tests/tls/temp_dir.hpp"

using namespace smolpub::content;
namespace fs = std::filesystem;

namespace {
file_source source_for(const fs::path& file, bool dot_stuffed = false)
{
    const auto identity = identity_of(file);
    REQUIRE(identity);
    return {file, *identity, dot_stuffed};
}

} // namespace

TEST_CASE("a file is read back byte for byte in chunks of at most 64 KiB")
{
    const smolpub::tls::test::temp_dir dir;
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, max_chunk_bytes, max_chunk_bytes + 1,
                                   std::size_t{5} * max_chunk_bytes / 2}) {
        CAPTURE(size);
        const std::string bytes = smolpub::test::pattern_bytes(size);
        smolpub::test::write_old_file(dir.path() / "f.bin", bytes);
        auto stream = file_stream::open(source_for(dir.path() / "f.bin"));
        REQUIRE(stream);
        CHECK(stream->size() == size);
        std::string got, buffer;
        int chunks = 0;
        for (auto chunk = stream->next(buffer); chunk && !chunk->empty(); chunk = stream->next(buffer)) {
            CHECK(chunk->size() <= max_chunk_bytes);
            got += *chunk;
            REQUIRE(++chunks < 100);
        }
        CHECK(got == bytes);
        CHECK(stream->next(buffer).value().empty());  // and stays at the end
    }
}

TEST_CASE("identity_of tells a replaced or rewritten file from the one recorded")
{
    const smolpub::tls::test::temp_dir dir;
    smolpub::test::write_old_file(dir.path() / "a", "one");
    const auto first = identity_of(dir.path() / "a");
    REQUIRE(first);
    CHECK(identity_of(dir.path() / "a") == first);
    smolpub::test::write_old_file(dir.path() / "b", "one");
    fs::rename(dir.path() / "b", dir.path() / "a");
    CHECK(identity_of(dir.path() / "a") != first);  // same bytes, another inode
    CHECK_FALSE(identity_of(dir.path() / "missing"));
    CHECK_FALSE(identity_of(dir.path()));  // a folder is not a file to serve
}

TEST_CASE("a file replaced or deleted while it is read is still read whole, as it was")
{
    const smolpub::tls::test::temp_dir dir;
    const std::string old_bytes = smolpub::test::pattern_bytes(3 * max_chunk_bytes, 1);
    smolpub::test::write_old_file(dir.path() / "photo.jpg", old_bytes);
    const file_source src = source_for(dir.path() / "photo.jpg");

    SUBCASE("replaced by a rename, as editors and rsync save")
    {
        auto stream = file_stream::open(src);
        REQUIRE(stream);
        std::string buffer, got;
        got += stream->next(buffer).value();
        smolpub::test::write_old_file(dir.path() / "new.jpg", smolpub::test::pattern_bytes(4 * max_chunk_bytes, 2));
        fs::rename(dir.path() / "new.jpg", dir.path() / "photo.jpg");
        for (auto chunk = stream->next(buffer); chunk && !chunk->empty(); chunk = stream->next(buffer))
            got += *chunk;
        CHECK(got == old_bytes);
    }
    SUBCASE("deleted")
    {
        auto stream = file_stream::open(src);
        REQUIRE(stream);
        std::string buffer, got;
        got += stream->next(buffer).value();
        fs::remove(dir.path() / "photo.jpg");
        for (auto chunk = stream->next(buffer); chunk && !chunk->empty(); chunk = stream->next(buffer))
            got += *chunk;
        CHECK(got == old_bytes);
        CHECK_FALSE(file_stream::open(src));  // a new request finds nothing
    }
}

TEST_CASE("a file rewritten in place while it is read is refused, not mixed")
{
    const smolpub::tls::test::temp_dir dir;
    const std::string old_bytes = smolpub::test::pattern_bytes(3 * max_chunk_bytes, 1);
    smolpub::test::write_old_file(dir.path() / "notes.txt", old_bytes);
    auto stream = file_stream::open(source_for(dir.path() / "notes.txt"));
    REQUIRE(stream);
    std::string buffer;
    const std::string first{stream->next(buffer).value()};
    CHECK(first == old_bytes.substr(0, first.size()));

    SUBCASE("same size, new bytes")
    {
        std::fstream(dir.path() / "notes.txt", std::ios::in | std::ios::out | std::ios::binary)
            << smolpub::test::pattern_bytes(old_bytes.size(), 3);
        CHECK_FALSE(stream->next(buffer));
    }
    SUBCASE("truncated")
    {
        fs::resize_file(dir.path() / "notes.txt", 10);
        CHECK_FALSE(stream->next(buffer));
    }
}

TEST_CASE("what is not a regular file is not opened")
{
    const smolpub::tls::test::temp_dir dir;
    CHECK_FALSE(file_stream::open({dir.path(), {}, false}));
    CHECK_FALSE(file_stream::open({dir.path() / "missing", {}, false}));
}
