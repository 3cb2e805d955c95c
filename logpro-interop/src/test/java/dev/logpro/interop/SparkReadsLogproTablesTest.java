package dev.logpro.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionField;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spark reads every kind of table logpro writes, and sees what Iceberg's own Java reader sees and what the input
 * holds: row by row (each row as one canonical string, keyed by its id) and in counts, sums and distinct keys.
 */
class SparkReadsLogproTablesTest {
  private static SparkSession spark;

  @TempDir Path dir;
  private Lake lake;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.start();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @BeforeEach
  void lake(TestInfo test) {
    lake = new Lake(dir, spark, test);
  }

  /** Spark's rows of {@code table} equal Iceberg's generic reader's, value by value, keyed by {@code key}. */
  private Map<String, String> assertSparkReadsWhatIcebergReads(String table, String key) {
    Map<String, String> bySpark = Rows.sparkByKey(lake.sql("SELECT * FROM logpro." + table).collectAsList(), key);
    assertThat(bySpark).isEqualTo(Rows.icebergByKey(lake.table(table), key));
    return bySpark;
  }

  private Map<String, String> sparkTypes(String table) {
    return Arrays.stream(lake.sql("SELECT * FROM logpro." + table).schema().fields())
        .collect(Collectors.toMap(StructField::name, f -> f.dataType().simpleString()));
  }

  @Test
  void nestedJsonOfTheExampleIsStructsAndListsToSpark() {
    Path input = LogproProcess.home().resolve("examples/data/events-json");
    Path config = lake.config("events-json", """
        pipeline: events-json
        source: {type: file, file: {path: "%s/*.ndjson", format: ndjson}}
        sink:
          type: iceberg
          iceberg:
            warehouse: "%%W"
            namespace: analytics
            table: events_json
            partition_by: ["hour(ts)", "bucket[4](user_id)"]
        reliability: {dlq: {type: file, path: dlq}}
        """.formatted(input));

    LogproProcess.Result run = lake.runOk(config);

    assertThat(run.rowsRead()).as("%s", run).isEqualTo(601);
    assertThat(lake.count("analytics.events_json")).isEqualTo(600);
    assertThat(sparkTypes("analytics.events_json")).containsEntry("address", "struct<city:string,zip:string>")
        .containsEntry("tags", "array<string>").containsEntry("ts", "timestamp");
    assertThat(assertSparkReadsWhatIcebergReads("analytics.events_json", "event_id")).hasSize(600);

    // The input as Spark's own JSON reader sees it (the one truncated line dropped): the same rows, value by value.
    lake.spark.read().option("mode", "DROPMALFORMED").json(input.toString()).createOrReplaceTempView("input");
    String columns = "event_id, CAST(ts AS TIMESTAMP) AS ts, user_id, session_id, event_type, status, country, device,"
        + " url, referrer, latency_ms, bytes, CAST(price AS DOUBLE) AS price, is_bot, address.city AS city,"
        + " address.zip AS zip, tags";
    assertThat(lake.<Long>scalar("SELECT count(*) FROM input")).isEqualTo(600);
    assertThat(lake.sql("SELECT " + columns + " FROM input EXCEPT ALL SELECT " + columns
        + " FROM logpro.analytics.events_json").collectAsList()).as("input rows not in the table").isEmpty();
    assertThat(lake.sql("SELECT " + columns + " FROM logpro.analytics.events_json EXCEPT ALL SELECT " + columns
        + " FROM input").collectAsList()).as("table rows not in the input").isEmpty();
  }

  /**
   * A partition transform as Spark computes it, and a filter Spark can prune files with.
   *
   * @param term the {@code partition_by} entry
   * @param spark the same transform as a Spark expression (Iceberg's functions under {@code logpro.system})
   * @param filter a Spark predicate on the source column
   * @param expected the same predicate on an input row
   */
  record Transform(String term, String spark, String filter, Predicate<WideRangeCsv.Row> expected) {
    @Override
    public String toString() {
      return term;
    }
  }

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  private static final Set<String> NAMES = Set.of("abc", "日本語", "😀x-4");

  /**
   * Every transform, on two tables (one time transform per column and table, as Iceberg allows): each row is a
   * partition of its own, which costs a few hundred small files and saves ten runs.
   */
  static Stream<List<Transform>> transforms() {
    return Stream.of(List.of(
        new Transform("country", "country", "country = 'DE'", r -> r.country().equals("DE")),
        new Transform("year(ts)", "logpro.system.years(ts)", "ts < TIMESTAMP '1950-01-01 00:00:00'",
            r -> r.ts() != null && r.ts().isBefore(at("1950-01-01T00:00:00Z"))),
        new Transform("month(ts2)", "logpro.system.months(ts2)",
            "ts2 >= TIMESTAMP '1969-12-01 00:00:00' AND ts2 < TIMESTAMP '1990-06-01 00:00:00'",
            r -> !r.ts2().isBefore(at("1969-12-01T00:00:00Z")) && r.ts2().isBefore(at("1990-06-01T00:00:00Z"))),
        new Transform("hour(local)", "logpro.system.hours(local)", "local > TIMESTAMP_NTZ '1960-03-01 10:30:00'",
            r -> r.local().isAfter(LocalDateTime.parse("1960-03-01T10:30:00"))),
        new Transform("day(d)", "logpro.system.days(d)", "d >= DATE '1969-12-31'",
            r -> !r.d().isBefore(LocalDate.parse("1969-12-31"))),
        new Transform("bucket[16](id)", "logpro.system.bucket(16, id)", "id IN (3, 17, 150)",
            r -> r.id() == 3 || r.id() == 17 || r.id() == 150),
        new Transform("truncate[10](amount)", "logpro.system.truncate(10, amount)",
            "amount BETWEEN -1005 AND 20000", r -> r.amount() != null && r.amount() >= -1005 && r.amount() <= 20000)),
        List.of(
        new Transform("identity(name)", "name", "name IN ('abc', '日本語', '😀x-4')",
            r -> r.name() != null && NAMES.contains(r.name())),
        new Transform("day(ts)", "logpro.system.days(ts)", "ts < TIMESTAMP '1969-12-31 12:00:00'",
            r -> r.ts() != null && r.ts().isBefore(at("1969-12-31T12:00:00Z"))),
        new Transform("hour(ts2)", "logpro.system.hours(ts2)", "ts2 > TIMESTAMP '1960-03-01 10:30:00'",
            r -> r.ts2().isAfter(at("1960-03-01T10:30:00Z"))),
        new Transform("year(local)", "logpro.system.years(local)", "local < TIMESTAMP_NTZ '1969-01-01 00:00:00'",
            r -> r.local().isBefore(LocalDateTime.parse("1969-01-01T00:00:00"))),
        new Transform("month(d)", "logpro.system.months(d)", "d < DATE '1969-07-01'",
            r -> r.d().isBefore(LocalDate.parse("1969-07-01"))),
        new Transform("bucket[8](name)", "logpro.system.bucket(8, name)", "name IN ('abc', '日本語', '😀x-4')",
            r -> r.name() != null && NAMES.contains(r.name())),
        // Not a prefix outside the BMP: Iceberg 1.12 projects STARTS_WITH onto truncate[W] comparing the prefix's
        // UTF-16 length with W (Truncate.TruncateString.project), so name LIKE '😀%' prunes every file, whoever
        // wrote the table (iceberg-go fixed the same mistake, apache/iceberg-go#1248).
        new Transform("truncate[2](name)", "logpro.system.truncate(2, name)", "name LIKE 'ü%' OR name LIKE 'Zü%'",
            r -> r.name() != null && (r.name().startsWith("ü") || r.name().startsWith("Zü")))));
  }

  /**
   * Every partition transform, on values where they are easy to get wrong (before 1970, negative, outside the BMP,
   * null): each row's partition value as logpro wrote it is the one Spark computes with Iceberg's functions, and
   * Spark's filtered reads, which skip files by partition values and column bounds, miss no row.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transforms")
  void everyPartitionTransformIsTheOneSparkComputes(List<Transform> transforms) throws Exception {
    List<WideRangeCsv.Row> input = WideRangeCsv.rows(200);
    WideRangeCsv.write(dir.resolve("in/rows.csv"), input);
    Path config = lake.config("transforms", """
        pipeline: transforms
        source: {type: file, file: {path: in, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: "%%W", namespace: p, table: t, partition_by: [%s]}}
        reliability: {dlq: {type: file, path: dlq}}
        """.formatted(transforms.stream().map(t -> '"' + t.term() + '"').collect(Collectors.joining(", "))));

    LogproProcess.Result run = lake.runOk(config);

    assertThat(run.rowsRead()).as("%s", run).isEqualTo(200);
    assertThat(sparkTypes("p.t")).containsEntry("ts", "timestamp").containsEntry("local", "timestamp_ntz")
        .containsEntry("d", "date").containsEntry("amount", "bigint");
    assertThat(assertSparkReadsWhatIcebergReads("p.t", "id")).hasSize(200);
    List<PartitionField> fields = lake.table("p.t").spec().fields();
    assertThat(fields).hasSameSizeAs(transforms);
    StringBuilder checks = new StringBuilder("SELECT 0");
    for (int i = 0; i < fields.size(); i++) {
      String partition = "_partition.`" + fields.get(i).name() + "`";
      checks.append(", count_if(NOT (").append(partition).append(" <=> ").append(transforms.get(i).spark())
          .append(")), count(DISTINCT ").append(partition).append(')');
    }
    Row partitions = lake.sql(checks + " FROM logpro.p.t").first();
    for (int i = 0; i < fields.size(); i++) {
      assertThat(partitions.getLong(1 + 2 * i)).as("rows whose partition %s is not %s", fields.get(i).name(),
          transforms.get(i).spark()).isZero();
      assertThat(partitions.getLong(2 + 2 * i)).as("values of %s", fields.get(i).name()).isGreaterThan(1);
    }
    for (Transform transform : transforms) {
      long expected = input.stream().filter(transform.expected()).count();
      assertThat(expected).as("rows %s selects", transform.filter()).isPositive();
      assertThat(lake.<Long>scalar("SELECT count(*) FROM logpro.p.t WHERE " + transform.filter()))
          .as("rows where %s", transform.filter()).isEqualTo(expected);
    }

    Row sums = lake.sql("SELECT count(ts), count(amount), sum(amount), count(name), count(DISTINCT name),"
        + " min(ts), max(ts), min(d), max(d), min(local) FROM logpro.p.t").first();
    List<Instant> ts = input.stream().map(WideRangeCsv.Row::ts).filter(Objects::nonNull).sorted().toList();
    List<LocalDate> days = input.stream().map(WideRangeCsv.Row::d).sorted().toList();
    assertThat(sums.getLong(0)).isEqualTo(ts.size());
    assertThat(sums.getLong(1)).isEqualTo(input.stream().filter(r -> r.amount() != null).count());
    assertThat(sums.getLong(2)).isEqualTo(input.stream().filter(r -> r.amount() != null)
        .mapToLong(WideRangeCsv.Row::amount).sum());
    assertThat(sums.getLong(3)).isEqualTo(input.stream().filter(r -> r.name() != null).count());
    assertThat(sums.getLong(4)).isEqualTo(input.stream().map(WideRangeCsv.Row::name).filter(Objects::nonNull)
        .distinct().count());
    assertThat((Instant) sums.get(5)).isEqualTo(ts.get(0));
    assertThat((Instant) sums.get(6)).isEqualTo(ts.get(ts.size() - 1));
    assertThat((LocalDate) sums.get(7)).isEqualTo(days.get(0));
    assertThat((LocalDate) sums.get(8)).isEqualTo(days.get(days.size() - 1));
    assertThat(sums.get(9)).isEqualTo(input.stream().map(WideRangeCsv.Row::local).min(LocalDateTime::compareTo)
        .orElseThrow());
  }

  @Test
  void everyAvroTypeReadsInSparkAsIcebergReadsIt() throws Exception {
    int n = 300;
    Path file = Files.createDirectories(dir.resolve("in")).resolve("events.avro");
    EveryTypeAvro.write(file.toFile(), n);
    Path config = lake.config("types", """
        pipeline: types
        source: {type: file, file: {path: in, format: avro}}
        sink: {type: iceberg, iceberg: {warehouse: "%W", namespace: every, table: types}}
        reliability: {dlq: {type: file, path: dlq}}
        """);

    LogproProcess.Result run = lake.runOk(config);

    assertThat(run.rowsRead()).as("%s", run).isEqualTo(n);
    assertThat(sparkTypes("every.types")).containsAllEntriesOf(Map.ofEntries(
        Map.entry("id", "bigint"), Map.entry("name", "string"), Map.entry("flag", "boolean"),
        Map.entry("small", "int"), Map.entry("ratio", "float"), Map.entry("score", "double"),
        Map.entry("amount", "decimal(10,2)"), Map.entry("big_amount", "decimal(18,4)"), Map.entry("day", "date"),
        Map.entry("ts_millis", "timestamp"), Map.entry("ts_micros", "timestamp"),
        Map.entry("local_millis", "timestamp_ntz"), Map.entry("local_micros", "timestamp_ntz"),
        Map.entry("uuid", "string"), Map.entry("blob", "binary"), Map.entry("hash", "binary"),
        Map.entry("color", "string"), Map.entry("address", "struct<street:string,zip:int>"),
        Map.entry("maybe_address", "struct<street:string,zip:int>"), Map.entry("tags", "array<string>"),
        Map.entry("items", "array<struct<k:string,v:double>>"), Map.entry("attrs", "map<string,bigint>")));
    assertThat(assertSparkReadsWhatIcebergReads("every.types", "id")).hasSize(n);

    Row sums = lake.sql("""
        SELECT count(*), sum(amount), sum(big_amount), count(maybe), sum(small), sum(length(blob)),
               count(DISTINCT uuid), sum(size(tags)), sum(size(items)),
               sum(aggregate(map_values(attrs), 0L, (a, x) -> a + x)), count(maybe_address), count(address.zip),
               min(day), max(day), min(ts_millis), max(ts_micros), count_if(flag), count_if(color = 'RED'),
               sum(length(name)), sum(aggregate(items, 0D, (a, x) -> a + x.v))
        FROM logpro.every.types""").first();
    List<Long> ids = LongStream.range(0, n).boxed().toList();
    assertThat(sums.getLong(0)).isEqualTo(n);
    assertThat(sums.getDecimal(1)).isEqualTo(ids.stream().map(EveryTypeAvro::amount).reduce(BigDecimal::add)
        .orElseThrow());
    assertThat(sums.getDecimal(2)).isEqualByComparingTo(ids.stream().map(EveryTypeAvro::bigAmount)
        .reduce(BigDecimal::add).orElseThrow());
    assertThat(sums.getLong(3)).isEqualTo(ids.stream().filter(i -> i % 3 != 0).count());
    assertThat(sums.getLong(4)).isEqualTo(ids.stream().mapToLong(i -> i * 7 - 100).sum());
    assertThat(sums.getLong(5)).isEqualTo(ids.stream().mapToLong(i -> EveryTypeAvro.blob(i).length).sum());
    assertThat(sums.getLong(6)).isEqualTo(n);
    assertThat(sums.getLong(7)).isEqualTo(ids.stream().mapToLong(i -> EveryTypeAvro.tags(i).size()).sum());
    assertThat(sums.getLong(8)).isEqualTo(ids.stream().mapToLong(i -> i % 3).sum());
    assertThat(sums.getLong(9)).isEqualTo(ids.stream().flatMap(i -> EveryTypeAvro.attrs(i).values().stream())
        .mapToLong(Long::longValue).sum());
    assertThat(sums.getLong(10)).isEqualTo(ids.stream().filter(i -> i % 4 != 0).count());
    assertThat(sums.getLong(11)).isEqualTo(ids.stream().filter(i -> i % 6 != 0).count());
    assertThat((LocalDate) sums.get(12)).isEqualTo(LocalDate.ofEpochDay(-20_000));
    assertThat((LocalDate) sums.get(13)).isEqualTo(LocalDate.ofEpochDay((n - 1) * 97L - 20_000));
    assertThat((Instant) sums.get(14)).isEqualTo(Instant.ofEpochMilli(
        EveryTypeAvro.BASE_MICROS / 1000 - (n - 1) * 7_776_001_123L));
    assertThat((Instant) sums.get(15)).isEqualTo(Instant.EPOCH.plusNanos(
        (EveryTypeAvro.BASE_MICROS + (n - 1) * 1_000_001L) * 1000));
    assertThat(sums.getLong(16)).isEqualTo(n / 2);
    assertThat(sums.getLong(17)).isEqualTo(n / 2);
    assertThat(sums.getLong(18)).as("characters, not UTF-16 units").isEqualTo(ids.stream()
        .map(i -> EveryTypeAvro.event(i).get("name").toString()).mapToLong(s -> s.codePointCount(0, s.length()))
        .sum());
    assertThat(sums.getDouble(19)).isCloseTo(ids.stream()
        .mapToDouble(i -> LongStream.range(0, i % 3).mapToDouble(k -> k + i / 10.0).sum()).sum(),
        offset(1e-6));

    Row five = lake.sql("SELECT name, hex(hash), uuid, local_millis, attrs['a1'], items[1].k, address.street"
        + " FROM logpro.every.types WHERE id = 5").first();
    assertThat(five.getString(0)).isEqualTo("name-5 ünïcödé, \"quoted\" 😀");
    assertThat(five.getString(1)).isEqualTo(String.format("%08X", 5 * 31));
    assertThat(five.getString(2)).isEqualTo(new UUID(5, -5).toString());
    assertThat(five.get(3)).isEqualTo(LocalDateTime.ofEpochSecond(
        EveryTypeAvro.BASE_MICROS / 1_000_000 - 5 * 60, 0, ZoneOffset.UTC));
    assertThat(five.getLong(4)).isEqualTo(5);
    assertThat(five.getString(5)).isEqualTo("k1");
    assertThat(five.getString(6)).isEqualTo("street 5");
  }

  /**
   * Iceberg's {@code time} type has no Spark type: the Iceberg Spark runtime refuses the whole table (not logpro's
   * doing; Iceberg's Java reader reads it). Recorded here so a user is not surprised, and so a Spark or Iceberg
   * release that lifts the limit shows up.
   */
  @Test
  void aTimeOfDayColumnIsTheOneTypeSparkCannotRead() throws Exception {
    Path file = Files.createDirectories(dir.resolve("in")).resolve("timed.avro");
    EveryTypeAvro.writeWithTime(file.toFile(), 10);
    Path config = lake.config("timed", """
        pipeline: timed
        source: {type: file, file: {path: in, format: avro}}
        sink: {type: iceberg, iceberg: {warehouse: "%W", namespace: every, table: timed}}
        reliability: {dlq: {type: file, path: dlq}}
        """);

    lake.runOk(config);

    assertThat(Rows.icebergByKey(lake.table("every.timed"), "id")).hasSize(10);
    assertThatThrownBy(() -> lake.count("every.timed")).hasStackTraceContaining("Spark does not support time fields");
  }

  /**
   * Parquet that Spark itself wrote, every Spark type among them, through logpro into a table, read back by Spark:
   * the same rows ({@code tinyint} and {@code smallint} come back as {@code int}: Iceberg has no narrower integer).
   */
  @Test
  void parquetWrittenBySparkComesBackTheSameThroughLogpro() throws Exception {
    lake.spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    lake.sql("""
        SELECT id,
               id % 3 = 0 AS b,
               CAST(id % 128 - 64 AS TINYINT) AS tiny,
               CAST(id * 37 - 5000 AS SMALLINT) AS small,
               CAST(id * 100003 - 20000000 AS INT) AS i,
               IF(id % 10 = 0, NULL, id * 10000000019 - 3000000000000) AS big,
               CAST(id / 7.0 AS FLOAT) AS f,
               CASE WHEN id = 1 THEN double('NaN') WHEN id = 2 THEN double('-Infinity') ELSE id / 3.0D END AS dbl,
               CAST(id * 1.25 - 100 AS DECIMAL(9, 2)) AS dec9,
               CAST(id * 1234.567891 - 99999 AS DECIMAL(18, 6)) AS dec18,
               CAST('12345678901234567890.' || lpad(string(id), 10, '0') AS DECIMAL(38, 10)) AS dec38,
               IF(id % 7 = 0, NULL, concat('s-', id, IF(id % 5 = 0, ' ünï 😀', ''))) AS s,
               unhex(lpad(hex(id * 7919), 8, '0')) AS bin,
               date_add(DATE '1950-01-01', CAST(id * 53 AS INT)) AS d,
               timestamp_micros(id * 123456789012 - 600000000000000) AS ts,
               CAST(timestamp_micros(id * 98765432101 + 1000) AS TIMESTAMP_NTZ) AS ntz,
               IF(id % 4 = 0, NULL, sequence(0, CAST(id % 5 AS INT))) AS arr,
               transform(sequence(1, CAST(id % 3 AS INT) + 1), k -> named_struct('a', k, 'b', concat('b', k))) AS arr_s,
               map_from_arrays(transform(sequence(0, CAST(id % 3 AS INT)), k -> concat('k', k)),
                               transform(sequence(0, CAST(id % 3 AS INT)), k -> k * 0.5D)) AS m,
               named_struct('x', CAST(id AS INT),
                            'y', named_struct('z', string(id * 2), 'w', array('w', string(id)))) AS st
        FROM range(0, 400)""").coalesce(2).write().parquet(dir.resolve("spark-parquet").toString());
    Path config = lake.config("from-spark", """
        pipeline: from-spark
        source: {type: file, file: {path: "%s/*.parquet", format: parquet}}
        sink:
          type: iceberg
          iceberg: {warehouse: "%%W", namespace: every, table: from_spark, partition_by: ["month(ts)"]}
        reliability: {dlq: {type: file, path: dlq}}
        """.formatted(dir.resolve("spark-parquet")));

    LogproProcess.Result run = lake.runOk(config);

    assertThat(run.rowsRead()).as("%s", run).isEqualTo(400);
    assertThat(run.output()).doesNotContainPattern("dead letters +[1-9]");
    lake.spark.read().parquet(dir.resolve("spark-parquet").toString()).createOrReplaceTempView("written");
    String columns = "id, b, CAST(tiny AS INT) AS tiny, CAST(small AS INT) AS small, i, big, f, dbl, dec9, dec18,"
        + " dec38, s, bin, d, ts, ntz, arr, arr_s, array_sort(map_entries(m)) AS m, st";
    assertThat(lake.sql("SELECT " + columns + " FROM written EXCEPT ALL SELECT " + columns
        + " FROM logpro.every.from_spark").collectAsList()).as("rows Spark wrote that are not in the table").isEmpty();
    assertThat(lake.sql("SELECT " + columns + " FROM logpro.every.from_spark EXCEPT ALL SELECT " + columns
        + " FROM written").collectAsList()).as("rows in the table that Spark did not write").isEmpty();
    assertThat(lake.count("every.from_spark")).isEqualTo(400);
    assertThat(assertSparkReadsWhatIcebergReads("every.from_spark", "id")).hasSize(400);
  }

  private static final String FIRST = """
      {"id": 1, "name": "ann", "n": 5, "user": {"city": "Oslo"}}
      {"id": 2, "name": "bob", "n": 6, "user": {"city": "Rome"}}
      """;
  private static final String DRIFTED = """
      {"id": 3, "name": "cy", "n": 7, "user": {"city": "Lima"}}
      {"id": 4, "name": "di", "n": 8, "user": {"city": "Kyiv", "vip": true}, "email": "di@example.com"}
      {"id": 5, "name": "ed", "n": "lots", "user": {"city": "Pune"}}
      """;

  /** Two runs of one pipeline over {@link #FIRST}, then {@link #DRIFTED} too, under {@code policy}. */
  private void driftingRuns(String policy) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path config = lake.config("drift", """
        pipeline: drift
        source: {type: file, file: {path: in, format: ndjson}}
        processing: {schema_policy: %s, infer_sample_rows: 2}
        sink: {type: iceberg, iceberg: {warehouse: "%%W", namespace: app, table: users}}
        reliability: {dlq: {type: file, path: dlq}}
        """.formatted(policy));
    Files.writeString(in.resolve("part-1.ndjson"), FIRST);
    lake.runOk(config);
    Files.writeString(in.resolve("part-2.ndjson"), DRIFTED);
    assertThat(lake.runOk(config).rowsRead()).isEqualTo(3);
  }

  @Test
  void aTableWhoseSchemaEvolvedBetweenRunsReadsWithNullsForTheOldRows() throws Exception {
    driftingRuns("permissive");

    assertThat(lake.sql("SELECT * FROM logpro.app.users").schema().simpleString())
        .isEqualTo("struct<id:bigint,name:string,n:bigint,user:struct<city:string,vip:boolean>,email:string>");
    assertThat(lake.sql("SELECT id, user.city, user.vip, email FROM logpro.app.users ORDER BY id").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[1,Oslo,null,null]", "[2,Rome,null,null]", "[3,Lima,null,null]",
            "[4,Kyiv,true,di@example.com]");
    assertThat(assertSparkReadsWhatIcebergReads("app.users", "id")).hasSize(4);
  }

  @Test
  void rescuedValuesAreAJsonColumnSparkCanQuery() throws Exception {
    driftingRuns("rescue");

    assertThat(lake.sql("SELECT * FROM logpro.app.users").schema().simpleString())
        .isEqualTo("struct<id:bigint,name:string,n:bigint,user:struct<city:string>,_rescued_data:string>");
    assertThat(lake.sql("""
        SELECT id, n, get_json_object(_rescued_data, '$.email'), get_json_object(_rescued_data, "$['user.vip']"),
               get_json_object(_rescued_data, '$.n')
        FROM logpro.app.users ORDER BY id""").collectAsList()).extracting(Row::toString).containsExactly(
        "[1,5,null,null,null]", "[2,6,null,null,null]", "[3,7,null,null,null]",
        "[4,8,di@example.com,true,null]", "[5,null,null,null,lots]");
    assertThat(assertSparkReadsWhatIcebergReads("app.users", "id")).hasSize(5);
  }

  @Test
  void theDeadLetterTableReadsInSparkWithItsExactBytes() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in")).resolve("a.csv");
    String header = "id,status,path\n";
    String good = "1,200,/\n";
    String shortRow = "2,404\n";
    String badStatus = "3,OK,/x\n";
    Files.writeString(input, header + good + shortRow + badStatus + "4,500,/y\n");
    Path config = lake.config("web-logs", """
        pipeline: web-logs
        source: {type: file, file: {path: in, format: csv}}
        sink: {type: iceberg, iceberg: {warehouse: "%W", namespace: logs, table: hits}}
        reliability: {dlq: {type: iceberg, warehouse: "%W", namespace: logs}}
        processing: {infer_sample_rows: 1, schema_policy: strict}
        """);

    LogproProcess.Result run = lake.runOk(config);

    assertThat(run.output()).contains("dead letters 2");
    assertThat(lake.count("logs.hits")).isEqualTo(2);
    assertThat(sparkTypes("logs.web_logs_dlq")).containsEntry("raw", "binary").containsEntry("timestamp", "timestamp")
        .containsEntry("headers", "map<string,string>");
    List<Row> letters = lake.sql("""
        SELECT CAST(raw AS STRING), error, stage, source, position, pipeline, headers['logpro.csv.header'],
               timestamp IS NOT NULL
        FROM logpro.logs.web_logs_dlq ORDER BY CAST(position AS BIGINT)""").collectAsList();
    assertThat(letters).extracting(Row::toString).containsExactly(
        "[2,404,expected 3 fields but found 2,decode," + input.toAbsolutePath() + "," + (header + good).length()
            + ",web-logs,id,status,path,true]",
        "[3,OK,/x," + letters.get(1).getString(1) + ",decode," + input.toAbsolutePath() + ","
            + (header + good + shortRow).length() + ",web-logs,id,status,path,true]");
    assertThat(letters.get(1).getString(1)).startsWith("column status: ");
    assertThat(assertSparkReadsWhatIcebergReads("logs.web_logs_dlq", "position")).hasSize(2);
  }
}
