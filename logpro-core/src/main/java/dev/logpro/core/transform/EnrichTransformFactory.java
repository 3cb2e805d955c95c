package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.api.TransformFactory;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import dev.logpro.core.arrow.Batches;
import dev.logpro.core.arrow.RowJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** The {@code enrich} transform: adds columns from a lookup table held in memory, joined on a key. */
public final class EnrichTransformFactory implements TransformFactory<EnrichTransformFactory.Config> {

  /** What to do with a row whose key is not in the lookup. */
  public enum Miss {
    /** Keep it, with nulls in the added columns. */
    NULL,
    /** Drop it. */
    DROP,
    /** Send it to the dead-letter queue. */
    DEAD_LETTER
  }

  /** The {@code enrich} transform's configuration. */
  @Doc("Adds columns from a lookup table, joined on a key column. The lookup (a CSV or Parquet file, or an Iceberg"
      + " table) is loaded into memory when the pipeline starts and counts against processing.memory_limit_mb; one"
      + " with more than max_rows rows is refused. When a key appears twice in the lookup, its first row wins; a"
      + " null key matches nothing. A lookup key of another type than the batch's is cast to it.")
  public record Config(
      @Doc("A CSV (with a header line) or Parquet file holding the lookup table.") @Optional
          @Example("examples/data/users.csv") String path,
      @Doc("The file's format: csv or parquet; absent: from the file's extension.") @Optional @Example("parquet")
          String format,
      @Doc("An Iceberg table holding the lookup, as namespace.table, instead of a file.") @Optional
          @Example("crm.users") String table,
      @Doc("The warehouse of the embedded Iceberg catalog holding table, when catalog is absent.")
          @Default("./warehouse") @Example("/data/warehouse") String warehouse,
      @Doc("Iceberg catalog properties for table, passed through as the iceberg sink's catalog are.") @Optional
          @Example("{type: rest, uri: 'http://localhost:8181'}") Map<String, Object> catalog,
      @Doc("The key column, present in both the batch and the lookup.") @Example("user_id") String on,
      @Doc("The lookup's columns to add; absent: all but the key. A name already in the batch is an error.")
          @Optional @Example("[plan, country]") List<String> columns,
      @Doc("A row whose key is not in the lookup: null (keep it, added columns null), drop, or dead_letter.")
          @Default("null") @Example("dead_letter") Miss on_miss,
      @Doc("The most rows the lookup may have; a bigger one is refused at start.") @Default("1000000")
          @Example("50000") long max_rows) {
    /** A typical use, shown in the reference docs (a test parses it). */
    public static final String EXAMPLE = """
        - type: enrich
          path: examples/data/lookup/countries.csv
          on: country
          columns: [country_name, region]
          on_miss: "null"
        """;
    public Config {
      if ((path == null) == (table == null)) {
        throw new IllegalArgumentException("path: give either path (a CSV or Parquet file) or table (Iceberg)");
      }
      if (on == null || on.isBlank()) {
        throw new IllegalArgumentException("on: required (the key column)");
      }
      warehouse = warehouse == null ? "./warehouse" : warehouse;
      on_miss = on_miss == null ? Miss.NULL : on_miss;
      columns = columns == null ? null : List.copyOf(columns);
      if (columns != null && columns.contains(on)) {
        throw new IllegalArgumentException("columns: the key " + on + " is already in the batch");
      }
      if (max_rows < 1) {
        throw new IllegalArgumentException("max_rows: must be at least 1");
      }
      if (format != null && !format.equals("csv") && !format.equals("parquet")) {
        throw new IllegalArgumentException("format: expected csv or parquet, got '" + format + "'");
      }
    }

    /** The source as loaders see it. */
    LookupSource source() {
      String kind = table != null ? "iceberg"
          : format != null ? format
          : path.toLowerCase(Locale.ROOT).endsWith(".parquet") ? "parquet" : "csv";
      return new LookupSource(kind, path, table, warehouse, catalog, max_rows);
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public EnrichTransformFactory() {}

  @Override
  public String type() {
    return "enrich";
  }

  @Override
  public String description() {
    return "Adds columns from a lookup table (CSV, Parquet or Iceberg) held in memory, joined on a key.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  /** Loads the lookup now, so that a missing or oversized one fails the run before any row is read. */
  @Override
  public Transform create(Config config, ComponentContext context) {
    LookupSource source = config.source();
    LookupLoader loader = loader(source.format());
    VectorSchemaRoot lookup;
    try {
      lookup = loader.load(source, context.allocator());
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot load lookup " + source.describe() + ": " + e.getMessage(), e);
    }
    try {
      return new Enrich(config, lookup, context.allocator());
    } catch (RuntimeException e) {
      lookup.close();
      throw e;
    }
  }

  /** That a loader for the lookup's format is on the classpath, and what it finds wrong without loading it. */
  @Override
  public List<String> check(Config config) {
    LookupSource source = config.source();
    LookupLoader loader;
    try {
      loader = loader(source.format());
    } catch (IllegalArgumentException e) {
      return List.of((config.table() != null ? "table: " : "path: ") + e.getMessage());
    }
    return loader.check(source);
  }

  private static LookupLoader loader(String format) {
    List<String> formats = new ArrayList<>();
    for (LookupLoader loader : ServiceLoader.load(LookupLoader.class, EnrichTransformFactory.class.getClassLoader())) {
      if (loader.format().equals(format)) {
        return loader;
      }
      formats.add(loader.format());
    }
    throw new IllegalArgumentException("cannot load a " + format + " lookup: no loader for it on the classpath"
        + " (loaders: " + String.join(", ", formats) + "; parquet and iceberg come with logpro-iceberg)");
  }

  /** Probes the lookup for each row's key and gathers the added columns' values. */
  static final class Enrich implements Transform {
    private final Config config;
    private final VectorSchemaRoot lookup;
    private final BufferAllocator allocator;
    private final List<Integer> added = new ArrayList<>();
    private volatile Keyed keyed;

    Enrich(Config config, VectorSchemaRoot lookup, BufferAllocator allocator) {
      this.config = config;
      this.lookup = lookup;
      this.allocator = allocator;
      int key = CastTransformFactory.indexOf(lookup.getSchema(), config.on());
      if (key < 0) {
        throw new IllegalArgumentException("on: lookup " + config.source().describe() + " has no column "
            + config.on());
      }
      List<String> names = new ArrayList<>();
      lookup.getSchema().getFields().forEach(f -> names.add(f.getName()));
      for (String name : config.columns() == null ? names : config.columns()) {
        int index = names.indexOf(name);
        if (index < 0) {
          throw new IllegalArgumentException("columns: lookup " + config.source().describe() + " has no column "
              + name + " (it has: " + String.join(", ", names) + ")");
        }
        if (index != key) {
          added.add(index);
        }
      }
    }

    /** The lookup indexed by its key as the batch's key type. */
    private record Keyed(ArrowType type, LookupIndex index) {}

    @Override
    public Result apply(VectorSchemaRoot input) {
      int keyIndex = CastTransformFactory.indexOf(input.getSchema(), config.on());
      if (keyIndex < 0) {
        throw new IllegalArgumentException("on: no column " + config.on() + " in the batch");
      }
      for (int index : added) {
        String name = lookup.getVector(index).getName();
        if (CastTransformFactory.indexOf(input.getSchema(), name) >= 0) {
          throw new IllegalArgumentException("columns: column " + name + " is already in the batch (leave it out"
              + " with columns, or rename it first with project)");
        }
      }
      FieldVector key = input.getVector(keyIndex);
      LookupIndex index = index(key.getField().getType());
      int rows = input.getRowCount();
      int[] matches = new int[rows];
      RowKeys keys = new RowKeys(new FieldVector[] {key});
      long[] hash = new long[2];
      int[] kept = new int[rows];
      int keptCount = 0;
      List<DeadLetter> deadLetters = new ArrayList<>();
      for (int row = 0; row < rows; row++) {
        int match = -1;
        if (!key.isNull(row)) {
          Hashes.murmur3x64_128(keys.buffer(), 0, keys.framed(row), hash);
          match = index.find(hash[0], hash[1]);
        }
        matches[row] = match;
        if (match >= 0 || config.on_miss() == Miss.NULL) {
          kept[keptCount++] = row;
        } else if (config.on_miss() == Miss.DEAD_LETTER) {
          deadLetters.add(new DeadLetter(RowJson.of(input, row), "key " + config.on() + " is not in lookup "
              + config.source().describe(), "transform", null, null, System.currentTimeMillis()));
        }
      }
      List<FieldVector> out = new ArrayList<>();
      VectorSchemaRoot joined = null;
      try {
        for (FieldVector vector : input.getFieldVectors()) {
          out.add(Batches.share(vector, rows, allocator));
        }
        for (int column : added) {
          out.add(gather(lookup.getVector(column), matches, rows));
        }
        joined = Batches.root(out, rows);
        out.clear();
        if (keptCount == rows) {
          VectorSchemaRoot result = joined;
          joined = null;
          return new Result(result, deadLetters);
        }
        return new Result(Batches.select(joined, kept, keptCount, allocator), deadLetters);
      } finally {
        Batches.close(joined);
        AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
      }
    }

    private FieldVector gather(FieldVector source, int[] matches, int rows) {
      Field field = source.getField();
      FieldVector column = new Field(field.getName(), FieldType.nullable(field.getType()), field.getChildren())
          .createVector(allocator);
      try {
        column.setInitialCapacity(rows);
        column.allocateNew();
        for (int row = 0; row < rows; row++) {
          if (matches[row] >= 0) {
            column.copyFromSafe(matches[row], row, source);
          }
        }
        column.setValueCount(rows);
        return column;
      } catch (RuntimeException | Error e) {
        column.close();
        throw e;
      }
    }

    private synchronized LookupIndex index(ArrowType batchKeyType) {
      Keyed current = keyed;
      if (current != null && current.type.equals(batchKeyType)) {
        return current.index;
      }
      FieldVector key = lookup.getVector(config.on());
      int rows = lookup.getRowCount();
      LookupIndex index;
      if (key.getField().getType().equals(batchKeyType)) {
        index = new LookupIndex(key, rows);
      } else {
        try {
          ColumnCast.check(config.on(), key.getField().getType(), batchKeyType);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("on: the lookup's key cannot be compared with the batch's: "
              + e.getMessage(), e);
        }
        try (FieldVector cast = new Field(config.on(), FieldType.nullable(batchKeyType), null)
            .createVector(allocator)) {
          cast.setInitialCapacity(rows);
          cast.allocateNew();
          ColumnCast conversion = new ColumnCast(key, cast);
          for (int row = 0; row < rows; row++) {
            conversion.convert(row, row); // a key that does not convert stays null: it matches nothing
          }
          cast.setValueCount(rows);
          index = new LookupIndex(cast, rows);
        }
      }
      keyed = new Keyed(batchKeyType, index);
      return index;
    }

    @Override
    public void close() {
      lookup.close();
    }
  }
}
