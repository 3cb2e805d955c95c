package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Transform;
import dev.logpro.api.TransformFactory;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.core.arrow.Batches;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The {@code mask} transform: hides sensitive values. */
public final class MaskTransformFactory implements TransformFactory<MaskTransformFactory.Config> {
  static final byte[] REDACTED = "REDACTED".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern TRUNCATE = Pattern.compile("truncate\\(\\s*(\\d+)\\s*\\)");

  /** The {@code mask} transform's configuration. */
  @Doc("Hides values: hash (SHA-256 of the value, 64 hex digits, the same as the hash transform gives one column),"
      + " redact (the text REDACTED), truncate(N) (the first N characters), null (no value). Nulls stay null."
      + " hash, redact and truncate make a string column; null keeps the column's type.")
  public record Config(
      @Doc("Column name: how to mask it, one of hash, redact, truncate(N), null.")
          @Example("{email: hash, card_number: redact, zip: truncate(3), ip: \"null\"}")
          Map<String, String> columns) {
    /** A typical use, shown in the reference docs (a test parses it). */
    public static final String EXAMPLE = """
        - type: mask
          columns: {email: hash, card_number: redact, zip: truncate(3), ip: "null"}
        """;
    public Config {
      if (columns == null || columns.isEmpty()) {
        throw new IllegalArgumentException("columns: required (column: hash | redact | truncate(N) | null)");
      }
      columns = new LinkedHashMap<>(columns);
      for (Map.Entry<String, String> e : columns.entrySet()) {
        try {
          Rule.parse(e.getValue());
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException("columns." + e.getKey() + ": " + ex.getMessage());
        }
      }
    }
  }

  /** How one column is masked. */
  record Rule(Kind kind, int length) {
    enum Kind { HASH, REDACT, TRUNCATE, NULL }

    static Rule parse(String text) {
      String rule = text == null ? "" : text.strip();
      switch (rule) {
        case "hash":
          return new Rule(Kind.HASH, 0);
        case "redact":
          return new Rule(Kind.REDACT, 0);
        case "null":
          return new Rule(Kind.NULL, 0);
        default:
          Matcher m = TRUNCATE.matcher(rule);
          if (m.matches()) {
            return new Rule(Kind.TRUNCATE, Integer.parseInt(m.group(1)));
          }
          throw new IllegalArgumentException("expected hash, redact, truncate(N) or null, got '" + text + "'");
      }
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public MaskTransformFactory() {}

  @Override
  public String type() {
    return "mask";
  }

  @Override
  public String description() {
    return "Hides sensitive values: hash, redact, truncate(N) or null.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Transform create(Config config, ComponentContext context) {
    Map<String, Rule> rules = new LinkedHashMap<>();
    config.columns().forEach((name, rule) -> rules.put(name, Rule.parse(rule)));
    return new Mask(rules, context.allocator());
  }

  /** Builds a masked vector for each named column; shares the others. */
  static final class Mask implements Transform {
    private final Map<String, Rule> rules;
    private final BufferAllocator allocator;

    Mask(Map<String, Rule> rules, BufferAllocator allocator) {
      this.rules = rules;
      this.allocator = allocator;
    }

    @Override
    public Result apply(VectorSchemaRoot input) {
      Schema schema = input.getSchema();
      for (String name : rules.keySet()) {
        if (CastTransformFactory.indexOf(schema, name) < 0) {
          throw new IllegalArgumentException("columns: no column " + name + " in the batch");
        }
      }
      int rows = input.getRowCount();
      List<FieldVector> out = new ArrayList<>();
      try {
        for (FieldVector vector : input.getFieldVectors()) {
          Rule rule = rules.get(vector.getName());
          out.add(rule == null ? Batches.share(vector, rows, allocator) : mask(vector, rule, rows));
        }
      } catch (RuntimeException | Error e) {
        AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
        throw e;
      }
      return new Result(Batches.root(out, rows), List.of());
    }

    private FieldVector mask(FieldVector vector, Rule rule, int rows) {
      Field field = rule.kind() == Rule.Kind.NULL
          ? vector.getField()
          : new Field(vector.getName(), FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
      FieldVector masked = field.createVector(allocator);
      try {
        masked.setInitialCapacity(rows);
        masked.allocateNew();
        if (rule.kind() != Rule.Kind.NULL) {
          fill((VarCharVector) masked, vector, rule, rows);
        }
        masked.setValueCount(rows);
        return masked;
      } catch (RuntimeException | Error e) {
        masked.close();
        throw e;
      }
    }

    private void fill(VarCharVector masked, FieldVector vector, Rule rule, int rows) {
      RowKeys values = new RowKeys(new FieldVector[] {vector});
      boolean text = vector instanceof VarCharVector;
      MessageDigest sha = rule.kind() == Rule.Kind.HASH ? HashTransformFactory.sha256() : null;
      byte[] digest = new byte[32];
      byte[] hex = new byte[64];
      for (int row = 0; row < rows; row++) {
        if (vector.isNull(row)) {
          continue;
        }
        switch (rule.kind()) {
          case REDACT -> masked.setSafe(row, REDACTED, 0, REDACTED.length);
          case HASH -> {
            int length = values.value(row);
            sha.update(values.buffer(), 0, length);
            HashTransformFactory.digest(sha, digest);
            Hashes.hex(digest, 32, hex, 0);
            masked.setSafe(row, hex, 0, 64);
          }
          case TRUNCATE -> {
            if (text) {
              int length = values.value(row);
              masked.setSafe(row, values.buffer(), 0, prefixBytes(values.buffer(), length, rule.length()));
            } else {
              byte[] shown = String.valueOf(vector.getObject(row)).getBytes(StandardCharsets.UTF_8);
              masked.setSafe(row, shown, 0, prefixBytes(shown, shown.length, rule.length()));
            }
          }
          case NULL -> { }
        }
      }
    }

    /** How many of the first {@code length} UTF-8 bytes hold the first {@code chars} characters (code points). */
    static int prefixBytes(byte[] utf8, int length, int chars) {
      int i = 0;
      for (int c = 0; c < chars && i < length; c++) {
        i++;
        while (i < length && (utf8[i] & 0xC0) == 0x80) {
          i++;
        }
      }
      return i;
    }
  }
}
