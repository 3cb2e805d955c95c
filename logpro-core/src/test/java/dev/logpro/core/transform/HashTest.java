package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import dev.logpro.api.Transform;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class HashTest {
  private static final String USERS = """
      id,email,n
      1,a@example.com,7
      2,,
      3,b@example.com,-1
      """;

  private static Transform hash(BufferAllocator allocator, List<String> columns, HashTransformFactory.Algorithm a,
      String into) {
    return new HashTransformFactory().create(new HashTransformFactory.Config(columns, a, into),
        TestRows.context(allocator));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void sha256OfOneStringColumnIsTheSha256OfItsText(BufferAllocator allocator) throws Exception {
    try (VectorSchemaRoot input = TestRows.csv(allocator, USERS);
        Transform hash = hash(allocator, List.of("email"), HashTransformFactory.Algorithm.SHA256, "email_key")) {
      Transform.Result result = apply(hash, input);
      assertThat(column(result.root(), "email_key")).containsExactly(
          sha256("a@example.com".getBytes(StandardCharsets.UTF_8)), null,
          sha256("b@example.com".getBytes(StandardCharsets.UTF_8)));
      assertThat(result.root().getSchema().getFields()).extracting(f -> f.getName())
          .containsExactly("id", "email", "n", "email_key");
      TestRows.close(result);
    }
  }

  @Test
  void numbersHashAsEightBytesLittleEndianAndIntoReplacesAColumnInPlace(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, USERS);
        Transform hash = hash(allocator, List.of("n"), HashTransformFactory.Algorithm.XXHASH64, "n")) {
      Transform.Result result = apply(hash, input);
      byte[] seven = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(7).array();
      assertThat(column(result.root(), "n").get(0)).isEqualTo(Hashes.xxh64(seven, 0, 8));
      assertThat(column(result.root(), "n").get(1)).isNull();
      assertThat(result.root().getSchema().getFields()).extracting(f -> f.getName()).containsExactly("id", "email", "n");
      TestRows.close(result);
    }
  }

  @Test
  void severalColumnsHashEachValueAfterItsLength(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, USERS);
        Transform hash = hash(allocator, List.of("email", "id"), HashTransformFactory.Algorithm.MURMUR3_128, "k")) {
      Transform.Result result = apply(hash, input);
      ByteBuffer expected = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
      expected.putInt(-1).putInt(8).putLong(2);
      byte[] bytes = Arrays.copyOf(expected.array(), expected.position());
      assertThat(column(result.root(), "k").get(1)).isEqualTo(Hashing.murmur3_128().hashBytes(bytes).toString());
      assertThat(column(result.root(), "k")).doesNotContainNull().doesNotHaveDuplicates();
      TestRows.close(result);
    }
  }

  @Test
  void anEmptyBatchGetsTheNewColumn(BufferAllocator allocator) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, USERS);
        Transform hash = hash(allocator, List.of("id"), HashTransformFactory.Algorithm.SHA256, "h")) {
      input.setRowCount(0);
      Transform.Result result = hash.apply(input);
      assertThat(result.root().getRowCount()).isZero();
      assertThat(result.root().getVector("h")).isNotNull();
      TestRows.close(result);
    }
  }
}
