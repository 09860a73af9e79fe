#include <catch2/catch.hpp>

#include "report/text.h"
#include "report_fixture.h"

using namespace mg;
using namespace mg::report::testing;

TEST_CASE("formats: every documented format is registered", "[formats]") {
  for (const char* name :
       {"stdout", "json", "tap", "table", "junit", "github", "sarif", "markdown"}) {
    INFO(name);
    CHECK(report::is_format(name));
  }
  CHECK_FALSE(report::is_format("xml"));
  CHECK(report::formats().size() == 8);
}

TEST_CASE("formats: same input, same bytes, in every format", "[formats]") {
  for (const auto& format : report::formats()) {
    INFO(format);
    std::string first = render(format, sample_result());
    CHECK(!first.empty());
    CHECK(render(format, sample_result()) == first);
    CHECK(report::is_format(format));
  }
}

TEST_CASE("text: UTF-8 decoding replaces every bad byte", "[text]") {
  CHECK(report::decode_utf8("aé日😀") == std::vector<char32_t>{'a', 0xE9, 0x65E5, 0x1F600});
  CHECK(report::decode_utf8("\xff") == std::vector<char32_t>{0xFFFD});
  CHECK(report::decode_utf8("\xC0\xAF") == std::vector<char32_t>{0xFFFD, 0xFFFD});  // overlong
  CHECK(report::decode_utf8("\xED\xA0\x80") ==
        std::vector<char32_t>{0xFFFD, 0xFFFD, 0xFFFD});                             // surrogate
  CHECK(report::decode_utf8("\xE6\x97") == std::vector<char32_t>{0xFFFD, 0xFFFD});  // truncated
  std::string round;
  for (char32_t c : report::decode_utf8("aé日😀")) report::append_utf8(round, c);
  CHECK(round == "aé日😀");
}

TEST_CASE("text: display widths and lines", "[text]") {
  CHECK(report::display_width("abc") == 3);
  CHECK(report::display_width("ünï") == 3);
  CHECK(report::display_width("日本") == 4);
  CHECK(report::display_width("e\xCC\x81") == 1);  // e + combining acute
  CHECK(report::split_lines("a\r\nb\nc") == std::vector<std::string>{"a", "b", "c"});
  CHECK(report::split_lines("") == std::vector<std::string>{""});
  CHECK(report::first_line("one\ntwo") == "one");
  CHECK(report::plural(1, "test") == "1 test");
  CHECK(report::plural(0, "test") == "0 tests");
}
