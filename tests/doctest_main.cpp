// SPDX-License-Identifier: ISC
// The test programs' main: doctest's, after ignoring SIGPIPE. Test clients write to servers
// that may hang up on them on purpose (timeouts, caps, cut transfers); a write to such a
// socket must fail with EPIPE for the test to see, not kill the test program.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <csignal>

int main(int argc, char** argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    return doctest::Context(argc, argv).run();
}
