#include "common/net/http_message.hpp"

#include <gtest/gtest.h>

namespace pw::net {
namespace {

HttpRequest requestFor(std::string target) {
  HttpRequest r;
  r.method = "GET";
  r.target = std::move(target);
  return r;
}

TEST(HttpMessageTest, HeaderLookupIgnoresCase) {
  HttpRequest r = requestFor("/");
  r.headers = {{"content-type", "application/json"}, {"X-Agent-Id", "a1"}};
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.header("x-agent-id"), "a1");
  EXPECT_EQ(r.header("missing"), "");
  EXPECT_EQ(r.header("content-typ"), "");  // no prefix matches

  HttpResponse response;
  response.headers = {{"Retry-After", "5"}};
  EXPECT_EQ(response.header("retry-after"), "5");
  EXPECT_EQ(response.header("Retry"), "");
}

TEST(HttpMessageTest, HeaderLookupReturnsTheFirstOccurrence) {
  HttpRequest r = requestFor("/");
  r.headers = {{"accept", "one"}, {"Accept", "two"}};
  EXPECT_EQ(r.header("ACCEPT"), "one");
}

TEST(HttpMessageTest, PathStripsTheQuery) {
  EXPECT_EQ(requestFor("/api/v1/agents").path(), "/api/v1/agents");
  EXPECT_EQ(requestFor("/api/v1/agents?limit=5&x").path(), "/api/v1/agents");
  EXPECT_EQ(requestFor("/?").path(), "/");
  EXPECT_EQ(requestFor("").path(), "");
}

TEST(HttpMessageTest, QueryParamDecodesPercentAndPlus) {
  const HttpRequest r =
      requestFor("/search?q=hello+world%21&name=%C3%A9t%C3%A9&empty=&flag&a%20b=c");
  EXPECT_EQ(r.queryParam("q"), "hello world!");
  EXPECT_EQ(r.queryParam("name"), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(r.queryParam("empty"), "");
  EXPECT_EQ(r.queryParam("flag"), "");  // present without a value
  EXPECT_EQ(r.queryParam("a b"), "c");  // names are decoded too
  EXPECT_EQ(r.queryParam("missing"), std::nullopt);
  EXPECT_EQ(r.queryParam("Q"), std::nullopt);  // names are case-sensitive
}

TEST(HttpMessageTest, QueryParamFirstOccurrenceWins) {
  EXPECT_EQ(requestFor("/x?id=1&id=2").queryParam("id"), "1");
  EXPECT_EQ(requestFor("/x?&&id=3&").queryParam("id"), "3");
  EXPECT_EQ(requestFor("/x?a=1=2").queryParam("a"), "1=2");
  EXPECT_EQ(requestFor("/x?plus=%2B").queryParam("plus"), "+");
}

TEST(HttpMessageTest, QueryParamsKeepsRepeatsInOrder) {
  using Params = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(requestFor("/x?f%5Bv%5D=HP&&f[v]=Canon+Inc&flag#frag").queryParams(),
            (Params{{"f[v]", "HP"}, {"f[v]", "Canon Inc"}, {"flag", ""}}));
  EXPECT_TRUE(requestFor("/x").queryParams().empty());
}

TEST(HttpMessageTest, QueryParamKeepsMalformedEscapesLiterally) {
  const HttpRequest r = requestFor("/x?a=100%&b=%zz&c=%4&d=%41%4");
  EXPECT_EQ(r.queryParam("a"), "100%");
  EXPECT_EQ(r.queryParam("b"), "%zz");
  EXPECT_EQ(r.queryParam("c"), "%4");
  EXPECT_EQ(r.queryParam("d"), "A%4");
}

TEST(HttpMessageTest, QueryParamWithoutQuery) {
  EXPECT_EQ(requestFor("/x").queryParam("a"), std::nullopt);
  EXPECT_EQ(requestFor("/x?").queryParam("a"), std::nullopt);
  EXPECT_EQ(requestFor("/x?a=1#frag").queryParam("a"), "1");
}

TEST(HttpMessageTest, QueryParamDecodesNulBytes) {
  const auto v = requestFor("/x?a=x%00y").queryParam("a");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, std::string("x\0y", 3));
}

}  // namespace
}  // namespace pw::net
