#pragma once

// Text helpers shared by the writers: UTF-8 decoding for column widths and escaping, and the
// splitting of multi-line messages into what line-oriented formats can carry.

#include <string>
#include <string_view>
#include <vector>

namespace mg::report {

// The code points of `s`; every byte of an invalid UTF-8 sequence becomes U+FFFD, so
// writers never pass malformed text on.
std::vector<char32_t> decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t c);

// Terminal columns `s` takes: wide East Asian characters and emoji count two, combining
// marks zero, everything else one.
int display_width(std::string_view s);

// `s` split at "\n" (a "\r" before it is dropped); always at least one line.
std::vector<std::string> split_lines(std::string_view s);
std::string first_line(std::string_view s);

// Number words as conftest prints them: "1 failure", "2 failures".
std::string plural(int n, std::string_view word);

}  // namespace mg::report
