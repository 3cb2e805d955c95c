package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.Transform;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class MaskTest {

  @Test
  void hashesRedactsTruncatesAndNulls(BufferAllocator allocator) throws Exception {
    Map<String, String> rules = new LinkedHashMap<>();
    rules.put("email", "hash");
    rules.put("card", "redact");
    rules.put("city", "truncate(3)");
    rules.put("amount", "null");
    try (VectorSchemaRoot input = TestRows.csv(allocator, """
            email,card,city,amount,keep
            a@x.io,4111111111111111,Zürich,12,k1
            ,,Oslo,,k2
            """);
        Transform mask = new MaskTransformFactory().create(new MaskTransformFactory.Config(rules),
            TestRows.context(allocator))) {
      Transform.Result result = apply(mask, input);
      VectorSchemaRoot out = result.root();
      String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest("a@x.io".getBytes(StandardCharsets.UTF_8)));
      assertThat(column(out, "email")).containsExactly(sha, null);
      assertThat(column(out, "card")).containsExactly("REDACTED", null);
      assertThat(column(out, "city")).containsExactly("Zür", "Osl");
      assertThat(column(out, "amount")).containsExactly(null, null);
      assertThat(out.getVector("amount").getField().getType()).isEqualTo(new ArrowType.Int(64, true));
      assertThat(out.getVector("card").getField().getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
      assertThat(column(out, "keep")).containsExactly("k1", "k2");
      TestRows.close(result);
    }
  }

  @Test
  void anUnknownRuleIsAConfigError() {
    assertThatThrownBy(() -> new MaskTransformFactory.Config(Map.of("email", "scramble")))
        .hasMessage("columns.email: expected hash, redact, truncate(N) or null, got 'scramble'");
  }
}
