package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.NoArrowLeaks;
import dev.logpro.testkit.PostgresServer;
import java.io.Closeable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink on Iceberg's JDBC catalog in a real PostgreSQL 15, configured the way a user would. */
@ExtendWith({NoArrowLeaks.class, PostgresServer.Extension.class})
class PostgresCatalogTest extends SinkTestSupport {

  @Test
  void commitsRestoresAndReadsBackThroughAPostgresCatalog(PostgresServer pg, BufferAllocator allocator)
      throws Exception {
    Map<String, Object> catalog = Map.of(
        "type", "jdbc",
        "name", "pg",
        "uri", pg.createDatabase("iceberg_catalog"),
        "jdbc.user", PostgresServer.USER,
        "jdbc.schema-version", "V1");
    IcebergSinkConfig config = new IcebergSinkConfig(
        warehouse.toString(), "logs", "events", List.of("bucket[4](id)"), 512, null, 60, catalog);

    try (IcebergSink sink = new IcebergSink(config)) {
      sink.open(new TestContext(PIPELINE, allocator));
      assertThat(sink.existingSchema()).isEmpty();
      assertThat(sink.restorePositions(PIPELINE)).isEmpty();
      write(sink, allocator, 0, 300);
      assertThat(sink.commit(PIPELINE, positions("a", "300", "b", "7")).rows()).isEqualTo(300);
      write(sink, allocator, 300, 200);
      sink.commit("other", positions("x", "99"));
      write(sink, allocator, 500, 100);
      sink.commit(PIPELINE, positions("a", "400"));
      assertThat(sink.table().name()).isEqualTo("pg.logs.events");
    }

    // A second sink on the same catalog picks up where the first one committed.
    try (IcebergSink sink = new IcebergSink(config)) {
      sink.open(new TestContext(PIPELINE, allocator));
      assertThat(sink.existingSchema()).isPresent();
      assertThat(sink.restorePositions(PIPELINE)).isEqualTo(positions("a", "400", "b", "7"));
      assertThat(sink.restorePositions("other")).isEqualTo(positions("x", "99"));
      assertThat(sink.restorePositions("never")).isEmpty();
    }

    // Iceberg on its own, through a catalog of its own on the same database, reads every row back.
    Map<String, String> props = new HashMap<>();
    catalog.forEach((k, v) -> props.put(k, String.valueOf(v)));
    props.remove("name");
    props.put("warehouse", warehouse.toString());
    // Same catalog name: a JDBC catalog keeps the tables of every catalog name apart in the same database.
    Catalog reader = CatalogUtil.buildIcebergCatalog("pg", props, new Configuration());
    try {
      Table table = reader.loadTable(TableIdentifier.of("logs", "events"));
      List<Record> records = readAll(table);
      assertThat(records).extracting(r -> (Long) r.getField("id"))
          .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 600).boxed().toList());
      for (Record record : records) {
        long id = (Long) record.getField("id");
        assertThat(record.getField("name")).as("id " + id).isEqualTo(TestBatches.isNull(id, 5) ? null
            : TestBatches.name(id));
        assertThat(record.getField("dec_big")).as("id " + id).isEqualTo(TestBatches.isNull(id, 11) ? null
            : TestBatches.decBig(id));
      }
    } finally {
      ((Closeable) reader).close();
    }

    // The catalog state really lives in PostgreSQL.
    assertThat(pg.execute("iceberg_catalog",
        "SELECT catalog_name || '.' || table_namespace || '.' || table_name FROM iceberg_tables ORDER BY 1"))
        .isEqualToIgnoringWhitespace("pg.logs.events");
  }
}
