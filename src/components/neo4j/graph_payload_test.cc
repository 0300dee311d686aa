// Reading the graph payload: a complete file passes, a truncated or
// reordered one is D002 naming the line.
#include "components/neo4j/graph_payload.h"

#include <gtest/gtest.h>

namespace ferry::components::neo4j {
namespace {

const std::string kHeader =
    R"j({"format":"ferry-neo4j-graph","version":1,"server":"Neo4j/5.26.0"})j"
    "\n";
const std::string kBody = R"j({"schema":"CREATE INDEX i FOR (n:A) ON (n.x)"})j"
                          "\n"
                          R"j({"node":"4:a:0","labels":["A"],"props":{"x":1,"d":{"$date":3}}})j"
                          "\n"
                          R"j({"node":"4:a:1","labels":[],"props":{}})j"
                          "\n"
                          R"j({"rel":"R","start":"4:a:0","end":"4:a:1","props":{"w":0.5}})j"
                          "\n";
const std::string kEnd = R"j({"end":{"nodes":2,"relationships":1,"fingerprint":"00"}})j"
                         "\n";

Result<nlohmann::json> Read(const std::string& text, GraphLines lines = {}) {
  stream::StringSource source(text);
  return ReadGraph(source, lines);
}

// What Neo4j 4.4.48's SHOW CONSTRAINTS returns, in the form 5.x accepts.
TEST(GraphScanTest, FourFourConstraintsGetTheSyntaxBothVersionsAccept) {
  EXPECT_EQ(ModernConstraintSyntax(
                "CREATE CONSTRAINT `person_uid` ON (n:`Person`) ASSERT (n.`uid`) IS UNIQUE "
                "OPTIONS {indexConfig: {`spatial.cartesian.max`: [1000000.0, 1000000.0]}, "
                "indexProvider: 'native-btree-1.0'}"),
            "CREATE CONSTRAINT `person_uid` FOR (n:`Person`) REQUIRE (n.`uid`) IS UNIQUE");
  // What 4.4.48 itself returns: the new syntax, with the options.
  const std::string modern = "CREATE CONSTRAINT `c` FOR (n:`L`) REQUIRE (n.`p`) IS UNIQUE";
  EXPECT_EQ(ModernConstraintSyntax(modern + " OPTIONS {indexProvider: 'native-btree-1.0'}"),
            modern);
  EXPECT_EQ(ModernConstraintSyntax(modern), modern);
}

TEST(GraphPayloadTest, ReadsEveryKindOfLineInOrder) {
  std::vector<std::string> seen;
  GraphLines lines;
  lines.on_schema = [&](const std::string& s) {
    seen.push_back("schema " + s);
    return Status::Ok();
  };
  lines.on_node = [&](std::string key, std::vector<std::string> labels, bolt::Map props) {
    seen.push_back("node " + key + " " + std::to_string(labels.size()) + " " +
                   std::to_string(props.size()));
    if (key == "4:a:0") {
      EXPECT_TRUE(props.Find("d")->is<bolt::Date>());
    }
    return Status::Ok();
  };
  lines.on_rel = [&](std::string type, std::string start, std::string end, bolt::Map props) {
    seen.push_back("rel " + type + " " + start + " " + end + " " + std::to_string(props.size()));
    return Status::Ok();
  };
  auto end = Read(kHeader + kBody + kEnd, lines);
  ASSERT_TRUE(end.ok()) << end.status().ToString();
  EXPECT_EQ((*end)["nodes"], 2);
  EXPECT_EQ(seen,
            (std::vector<std::string>{"schema CREATE INDEX i FOR (n:A) ON (n.x)", "node 4:a:0 1 2",
                                      "node 4:a:1 0 0", "rel R 4:a:0 4:a:1 1"}));
}

TEST(GraphPayloadTest, TruncatedPayloadIsD002) {
  auto no_end = Read(kHeader + kBody);
  EXPECT_EQ(no_end.status().code(), "D002");
  EXPECT_NE(no_end.status().message().find("truncated"), std::string::npos);
  auto half_line = Read(kHeader + kBody + kEnd.substr(0, 10));
  EXPECT_EQ(half_line.status().code(), "D002");
}

TEST(GraphPayloadTest, WrongCountsOrderOrHeaderAreD002) {
  EXPECT_EQ(Read(kHeader + kBody +
                 R"j({"end":{"nodes":3,"relationships":1}})j"
                 "\n")
                .status()
                .code(),
            "D002");
  std::string node_after_rel = kHeader + kBody +
                               R"j({"node":"x","labels":[],"props":{}})j"
                               "\n" +
                               kEnd;
  EXPECT_EQ(Read(node_after_rel).status().code(), "D002");
  EXPECT_EQ(Read(R"j({"format":"other","version":1})j"
                 "\n" +
                 kBody + kEnd)
                .status()
                .code(),
            "D002");
  EXPECT_EQ(Read(kHeader + "not json\n" + kEnd).status().code(), "D002");
}

TEST(GraphPayloadTest, AVisitorErrorStopsTheRead) {
  GraphLines lines;
  lines.on_rel = [](std::string, std::string, std::string, bolt::Map) {
    return Status::Error("DB006", "boom");
  };
  EXPECT_EQ(Read(kHeader + kBody + kEnd, lines).status().code(), "DB006");
}

}  // namespace
}  // namespace ferry::components::neo4j
