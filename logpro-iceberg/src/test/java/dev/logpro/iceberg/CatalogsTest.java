package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
