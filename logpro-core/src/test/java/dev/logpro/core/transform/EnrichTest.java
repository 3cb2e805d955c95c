package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.testkit.NoArrowLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoArrowLeaks.class)
class EnrichTest {
  @TempDir Path dir;

  private Path users() throws Exception {
    return Files.writeString(dir.resolve("users.csv"), """
        user_id,plan,country
        1,pro,DE
        2,free,FR
        1,dup,XX
        """);
  }

  private Transform enrich(BufferAllocator allocator, Path path, List<String> columns,
      EnrichTransformFactory.Miss miss, long maxRows) {
    return new EnrichTransformFactory().create(new EnrichTransformFactory.Config(path.toString(), null, null, null,
        null, "user_id", columns, miss, maxRows), TestRows.context(allocator));
  }

  @Test
  void addsTheLookupsColumnsAndKeepsMissesWithNulls(BufferAllocator allocator) throws Exception {
    try (Transform enrich = enrich(allocator, users(), null, null, 100);
        VectorSchemaRoot input = TestRows.csv(allocator, "id,user_id\na,2\nb,1\nc,3\nd,\n")) {
      Transform.Result result = apply(enrich, input);
      assertThat(result.root().getSchema().getFields()).extracting(f -> f.getName())
          .containsExactly("id", "user_id", "plan", "country");
      assertThat(column(result.root(), "plan")).as("the first row of a key wins").containsExactly("free", "pro", null,
          null);
      assertThat(column(result.root(), "country")).containsExactly("FR", "DE", null, null);
      TestRows.close(result);
    }
  }

  @Test
  void missesCanBeDroppedOrDeadLettered(BufferAllocator allocator) throws Exception {
    try (Transform drop = enrich(allocator, users(), List.of("plan"), EnrichTransformFactory.Miss.DROP, 100);
        Transform letters = enrich(allocator, users(), List.of("plan"), EnrichTransformFactory.Miss.DEAD_LETTER, 100);
        VectorSchemaRoot input = TestRows.csv(allocator, "id,user_id\na,2\nc,3\n")) {
      Transform.Result dropped = apply(drop, input);
      Transform.Result lettered = apply(letters, input);
      assertThat(column(dropped.root(), "id")).containsExactly("a");
      assertThat(dropped.deadLetters()).isEmpty();
      assertThat(column(lettered.root(), "id")).containsExactly("a");
      assertThat(lettered.deadLetters()).extracting(DeadLetter::error)
          .containsExactly("key user_id is not in lookup " + dir.resolve("users.csv"));
      TestRows.close(dropped);
      TestRows.close(lettered);
    }
  }

  @Test
  void aLookupKeyOfAnotherTypeIsCastToTheBatchKeyType(BufferAllocator allocator) throws Exception {
    try (Transform enrich = enrich(allocator, users(), List.of("plan"), null, 100);
        VectorSchemaRoot input = TestRows.json(allocator, "{\"user_id\": \"2\"}\n{\"user_id\": \"x\"}\n")) {
      Transform.Result result = apply(enrich, input);
      assertThat(column(result.root(), "plan")).containsExactly("free", null);
      TestRows.close(result);
    }
  }

  @Test
  void aLookupBiggerThanMaxRowsIsRefusedAndNothingLeaks(BufferAllocator allocator) throws Exception {
    Path users = users();
    assertThatThrownBy(() -> enrich(allocator, users, null, null, 2))
        .hasMessageContaining("has 3 rows, more than max_rows (2)");
    assertThatThrownBy(() -> enrich(allocator, dir.resolve("missing.csv"), null, null, 2))
        .hasMessageContaining("cannot load lookup");
    assertThatThrownBy(() -> enrich(allocator, users, List.of("nope"), null, 10))
        .hasMessageContaining("columns: lookup " + users + " has no column nope");
  }

  @Test
  void aClashingColumnNameIsAnError(BufferAllocator allocator) throws Exception {
    try (Transform enrich = enrich(allocator, users(), null, null, 100);
        VectorSchemaRoot input = TestRows.csv(allocator, "user_id,plan\n1,x\n")) {
      assertThatThrownBy(() -> enrich.apply(input)).hasMessageStartingWith("columns: column plan is already in");
    }
  }
}
