#include "components/neo4j/graph_fixture.h"

#include <limits>

namespace ferry::components::neo4j::testing {

Status LoadFixture(bolt::Client& client) {
  const char* statements[] = {
      "CREATE CONSTRAINT person_uid FOR (p:Person) REQUIRE p.uid IS UNIQUE",
      "CREATE INDEX company_uid FOR (c:Company) ON (c.uid)",
      "CREATE INDEX document_uid FOR (d:Document) ON (d.uid)",
      "CALL db.awaitIndexes(120)",
      "UNWIND range(0, 11995) AS i CREATE (:Person {uid: i, name: 'Person ' + i + ' — ünïcødé 日本 "
      "✓', "
      "age: i % 90, score: i / 7.0, active: i % 2 = 0, tags: ['t' + (i % 5), 'all'], "
      "born: date('1950-01-01') + duration({days: i}), nums: [i, i * 2]})",
      "UNWIND range(0, 5999) AS i CREATE (:Company:Organization {uid: i, name: 'Firma ' + i + ' "
      "GmbH – Zürich', "
      "founded: datetime({epochSeconds: 1000000000 + i * 3600, timezone: '+02:00'}), "
      "registered: datetime({epochSeconds: 1200000000 + i, timezone: 'Europe/Zurich'}), "
      "hq: point({longitude: 8.5 + i / 10000.0, latitude: 47.3}), ratio: [0.5, i * 1.0]})",
      "UNWIND range(0, 2738) AS i CREATE (:Document {uid: i, title: 'Doc ' + i, "
      "created: localdatetime('2020-01-01T00:00:00') + duration({seconds: i}), "
      "at: localtime('12:00:00.123456789'), opens: time('09:30:00+01:00'), "
      "span: duration({months: i % 12, days: i % 30, seconds: i, nanoseconds: 7}), "
      "pos: point({x: i, y: -i, z: 0.5}), stamps: [date('2024-02-29'), date('2000-01-01')]})",
      "CREATE ({note: 'unlabelled node'})",
      "CREATE (:Tag {name: 'dup'}), (:Tag {name: 'dup'})",
      "MATCH (p:Person) WHERE p.uid % 2 = 0 MATCH (c:Company {uid: p.uid % 6000}) "
      "CREATE (p)-[:WORKS_AT {since: date('2000-01-01') + duration({days: p.uid}), role: 'rôle ' + "
      "p.uid}]->(c)",
      "MATCH (a:Person) WHERE a.uid < 11995 MATCH (b:Person {uid: a.uid + 1}) "
      "CREATE (a)-[:KNOWS {weight: a.uid / 3.0}]->(b)",
      "MATCH (a:Document) WHERE a.uid > 0 MATCH (b:Document {uid: a.uid - 1}) CREATE "
      "(a)-[:CITES]->(b)",
      "MATCH (a:Tag), (b:Tag) WHERE elementId(a) < elementId(b) CREATE (a)-[:SAME]->(b), "
      "(a)-[:SAME]->(b)",
  };
  for (const char* s : statements) FERRY_RETURN_IF_ERROR(client.Run(s).status());

  // The types Cypher literals cannot make, as parameters.
  bolt::Map props;
  props.Set("blob", bolt::Value(bolt::Bytes{0, 1, 2, 0xfe, 0xff}));
  props.Set("empty", bolt::Value(bolt::List{}));
  props.Set("big", bolt::Value(std::numeric_limits<int64_t>::min()));
  props.Set("inf", bolt::Value(std::numeric_limits<double>::infinity()));
  props.Set("geo3d", bolt::Value(bolt::Point3D{4979, 8.5, 47.3, 400.25}));
  props.Set("flags", bolt::Value(bolt::List{true, false, true}));
  props.Set("emoji", bolt::Value("🚢 ferry"));
  bolt::Map params;
  params.Set("p", bolt::Value(std::move(props)));
  FERRY_RETURN_IF_ERROR(
      client.Run("CREATE (s:Special $p) CREATE (s)-[:SELF {note: 'loop'}]->(s)", params).status());
  return Status::Ok();
}

}  // namespace ferry::components::neo4j::testing
