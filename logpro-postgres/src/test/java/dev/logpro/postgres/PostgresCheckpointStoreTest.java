package dev.logpro.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.Position;
import dev.logpro.api.RetriableException;
import dev.logpro.testkit.PostgresServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store against a real PostgreSQL 15. */
@ExtendWith(PostgresServer.Extension.class)
class PostgresCheckpointStoreTest {

  private static PostgresCheckpointStoreConfig config(String url, String table) {
    return new PostgresCheckpointStoreConfig(url, PostgresServer.USER, null, table, 5);
  }

  private static Map<String, Position> positions(String... splitsAndTokens) {
    Map<String, Position> positions = new java.util.LinkedHashMap<>();
    for (int i = 0; i < splitsAndTokens.length; i += 2) {
      positions.put(splitsAndTokens[i], new Position(splitsAndTokens[i], splitsAndTokens[i + 1]));
    }
    return positions;
  }

  @Test
  void createsTheTableAndKeepsPositionsPerPipelineAcrossStores(PostgresServer pg) throws Exception {
    String url = pg.createDatabase("checkpoints_roundtrip");
    pg.execute("checkpoints_roundtrip", "CREATE SCHEMA ingest");
    PostgresCheckpointStoreConfig config = config(url, "ingest.positions");

    try (PostgresCheckpointStore store = new PostgresCheckpointStore(config)) {
      assertThat(store.load("events")).isEmpty();
      store.save("events", positions("/in/a.csv", "100", "/in/b.csv", "7"));
      store.save("events", positions("/in/a.csv", "250", "/in/b.csv", "7"));
      store.save("other", positions("/in/a.csv", "1"));
    }

    try (PostgresCheckpointStore store = new PostgresCheckpointStore(config)) {
      assertThat(store.load("events")).isEqualTo(positions("/in/a.csv", "250", "/in/b.csv", "7"));
      assertThat(store.load("other")).isEqualTo(positions("/in/a.csv", "1"));
      assertThat(store.load("never")).isEmpty();
    }
    assertThat(pg.execute("checkpoints_roundtrip",
        "SELECT pipeline_id || ' ' || split || ' ' || token FROM ingest.positions ORDER BY 1").lines())
        .containsExactly("events /in/a.csv 250", "events /in/b.csv 7", "other /in/a.csv 1");
  }

  @Test
  void aSaveWritesOnlyTheSplitsThatMoved(PostgresServer pg) throws Exception {
    String url = pg.createDatabase("checkpoints_delta");
    try (PostgresCheckpointStore store = new PostgresCheckpointStore(config(url, "logpro_checkpoints"))) {
      store.save("p", positions("a", "1", "b", "1"));
      pg.execute("checkpoints_delta", "UPDATE logpro_checkpoints SET saved_at = '2000-01-01'");
      store.save("p", positions("a", "2", "b", "1"));
    }
    assertThat(pg.execute("checkpoints_delta",
        "SELECT split || ' ' || token || ' ' || (saved_at > '2001-01-01') FROM logpro_checkpoints ORDER BY 1")
        .lines()).containsExactly("a 2 true", "b 1 false");
  }

  @Test
  void aServerThatWentAwayIsRetriableAndTheNextAttemptReconnects() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("checkpoints_outage");
      try (PostgresCheckpointStore store = new PostgresCheckpointStore(config(url, "logpro_checkpoints"))) {
        store.save("p", positions("a", "1"));

        pg.stop();
        assertThatThrownBy(() -> store.save("p", positions("a", "2"))).isInstanceOf(RetriableException.class)
            .hasMessageStartingWith("Cannot save positions of pipeline p in PostgreSQL table logpro_checkpoints");
        assertThatThrownBy(() -> store.load("p")).isInstanceOf(RetriableException.class);

        pg.restart();
        store.save("p", positions("a", "2"));
        assertThat(store.load("p")).isEqualTo(positions("a", "2"));
      }
    }
  }

  @Test
  void aMissingDatabaseIsPermanent(PostgresServer pg) {
    try (PostgresCheckpointStore store = new PostgresCheckpointStore(config(pg.jdbcUrl("no_such_db"), "t"))) {
      assertThatThrownBy(() -> store.load("p")).isInstanceOf(IllegalStateException.class)
          .isNotInstanceOf(RetriableException.class)
          .hasMessageContaining("Cannot load positions of pipeline p in PostgreSQL table t")
          .hasMessageContaining("no_such_db");
    }
  }
}
