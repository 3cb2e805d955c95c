package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Transform;
import dev.logpro.api.TransformFactory;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.core.arrow.Batches;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The {@code hash} transform: a hash of some columns' values, into a column. */
public final class HashTransformFactory implements TransformFactory<HashTransformFactory.Config> {

  /** Hash functions. */
  public enum Algorithm {
    /** SHA-256, as 64 lower-case hex digits. */
    SHA256,
    /** XXH64 with seed 0, as a long. */
    XXHASH64,
    /** MurmurHash3 x64 128 with seed 0, as 32 lower-case hex digits (h1 then h2, little-endian bytes). */
    MURMUR3_128
  }

  /** The {@code hash} transform's configuration. */
  @Doc("Hashes the values of some columns into a column: sha256 gives 64 hex digits, murmur3_128 32 hex digits (as"
      + " Guava prints it), xxhash64 a long. One column hashes its value alone (a string's UTF-8 bytes, so"
      + " sha256 of a string column equals sha256 of the text anywhere; numbers, dates and timestamps as 8 bytes"
      + " little-endian); several hash each value after its 4-byte length (-1 for null). The result is null only"
      + " when every column is null.")
  public record Config(
      @Doc("The columns whose values are hashed, in this order.") @Example("[user_id, email]") List<String> columns,
      @Doc("The hash function: sha256, xxhash64 or murmur3_128.") @Default("sha256") @Example("xxhash64")
          Algorithm algorithm,
      @Doc("The column to write the hash into: a new column at the end, or an existing one, replaced in place.")
          @Example("user_key") String into) {
    /** A typical use, shown in the reference docs (a test parses it). */
    public static final String EXAMPLE = """
        - type: hash
          columns: [user_id, session_id]
          algorithm: xxhash64
          into: visit_key
        """;
    public Config {
      if (columns == null || columns.isEmpty()) {
        throw new IllegalArgumentException("columns: required (at least one column)");
      }
      if (new HashSet<>(columns).size() != columns.size()) {
        throw new IllegalArgumentException("columns: a column is listed twice");
      }
      columns = List.copyOf(columns);
      algorithm = algorithm == null ? Algorithm.SHA256 : algorithm;
      if (into == null || into.isBlank()) {
        throw new IllegalArgumentException("into: required");
      }
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public HashTransformFactory() {}

  @Override
  public String type() {
    return "hash";
  }

  @Override
  public String description() {
    return "Hashes the values of some columns (sha256, xxhash64, murmur3_128) into a column.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Transform create(Config config, ComponentContext context) {
    return new Hash(config, context.allocator());
  }

  /** Computes one hash per row into a new vector; every other column is shared. */
  static final class Hash implements Transform {
    private final Config config;
    private final BufferAllocator allocator;
    private final Field output;

    Hash(Config config, BufferAllocator allocator) {
      this.config = config;
      this.allocator = allocator;
      ArrowType type = config.algorithm() == Algorithm.XXHASH64 ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE;
      this.output = new Field(config.into(), FieldType.nullable(type), null);
    }

    @Override
    public Result apply(VectorSchemaRoot input) {
      Schema schema = input.getSchema();
      FieldVector[] keyColumns = new FieldVector[config.columns().size()];
      for (int i = 0; i < keyColumns.length; i++) {
        int index = CastTransformFactory.indexOf(schema, config.columns().get(i));
        if (index < 0) {
          throw new IllegalArgumentException("columns: no column " + config.columns().get(i) + " in the batch");
        }
        keyColumns[i] = input.getVector(index);
      }
      int rows = input.getRowCount();
      List<FieldVector> out = new ArrayList<>();
      try {
        FieldVector hashes = hashes(new RowKeys(keyColumns), keyColumns.length == 1, rows);
        int replaced = CastTransformFactory.indexOf(schema, config.into());
        for (int c = 0; c < schema.getFields().size(); c++) {
          out.add(c == replaced ? hashes : Batches.share(input.getVector(c), rows, allocator));
        }
        if (replaced < 0) {
          out.add(hashes);
        }
      } catch (RuntimeException | Error e) {
        AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
        throw e;
      }
      return new Result(Batches.root(out, rows), List.of());
    }

    private FieldVector hashes(RowKeys keys, boolean single, int rows) {
      FieldVector vector = output.createVector(allocator);
      try {
        vector.setInitialCapacity(rows);
        vector.allocateNew();
        MessageDigest sha = config.algorithm() == Algorithm.SHA256 ? sha256() : null;
        long[] halves = new long[2];
        byte[] hex = new byte[64];
        byte[] digest = new byte[32];
        for (int row = 0; row < rows; row++) {
          if (keys.allNull(row)) {
            continue;
          }
          int length = single ? keys.value(row) : keys.framed(row);
          byte[] bytes = keys.buffer();
          switch (config.algorithm()) {
            case XXHASH64 -> ((BigIntVector) vector).setSafe(row, Hashes.xxh64(bytes, 0, length));
            case MURMUR3_128 -> {
              Hashes.murmur3x64_128(bytes, 0, length, halves);
              Hashes.hexLittleEndian(halves[0], hex, 0);
              Hashes.hexLittleEndian(halves[1], hex, 16);
              ((VarCharVector) vector).setSafe(row, hex, 0, 32);
            }
            case SHA256 -> {
              sha.update(bytes, 0, length);
              digest(sha, digest);
              Hashes.hex(digest, 32, hex, 0);
              ((VarCharVector) vector).setSafe(row, hex, 0, 64);
            }
          }
        }
        vector.setValueCount(rows);
        return vector;
      } catch (RuntimeException | Error e) {
        vector.close();
        throw e;
      }
    }
  }

  /** Finishes {@code sha} into {@code out} (32 bytes) without allocating. */
  static void digest(MessageDigest sha, byte[] out) {
    try {
      sha.digest(out, 0, 32);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("Cannot finish a SHA-256 digest into 32 bytes", e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash: this JVM has no SHA-256", e);
    }
  }
}
