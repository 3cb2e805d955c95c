package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What catalog properties are refused before anything connects, and what passes. */
class CatalogsTest {

  @Test
  void theTypesIcebergBuildsAndWhoseClassIsHerePass() {
    assertThat(Catalogs.check(null)).isEmpty();
    assertThat(Catalogs.check(Map.of("type", "rest", "uri", "http://localhost:8181"))).isEmpty();
    assertThat(Catalogs.check(Map.of("type", "JDBC", "uri", "jdbc:sqlite::memory:"))).isEmpty();
    assertThat(Catalogs.check(Map.of("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog"))).isEmpty();
  }

  @Test
  void anUnknownOrMissingTypeIsNamedWithTheChoices() {
    String choices = "bigquery, glue, hadoop, hive, jdbc, nessie, rest";
    assertThat(Catalogs.check(Map.of("type", "foo")))
        .containsExactly("catalog.type: unknown catalog type 'foo' (expected one of: " + choices + ")");
    assertThat(Catalogs.check(Map.of("uri", "x"))).containsExactly("catalog.type: required (one of: " + choices + ")");
    assertThat(Catalogs.check(Map.of("type", "rest", "catalog-impl", "x.Y")))
        .containsExactly("catalog.type: give type or catalog-impl, not both");
  }

  @Test
  void aTypeWhoseClassIsNotOnTheClasspathSaysWhatIs() {
    assertThat(Catalogs.check(Map.of("type", "glue"))).containsExactly("catalog.type: glue needs"
        + " org.apache.iceberg.aws.glue.GlueCatalog, which is not on the classpath (this installation has: hadoop,"
        + " jdbc, rest)");
    assertThat(Catalogs.check(Map.of("catalog-impl", "com.example.NoSuchCatalog")))
        .containsExactly("catalog.catalog-impl: no class com.example.NoSuchCatalog on the classpath");
  }

  @Test
  void processesOpeningANewEmbeddedCatalogAtOnceAllGetIt(@TempDir Path dir) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 15; round++) {
        Path warehouse = dir.resolve("wh-" + round);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Catalog>> opened = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          opened.add(pool.submit(() -> {
            go.await();
            return Catalogs.embedded(warehouse);
          }));
        }
        go.countDown();
        for (Future<Catalog> catalog : opened) {
          try (Closeable closeable = (Closeable) catalog.get()) {
            assertThat(((Catalog) closeable).name()).isEqualTo("logpro");
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
