package dev.logpro.core.transform;

import static dev.logpro.core.transform.TestRows.apply;
import static dev.logpro.core.transform.TestRows.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logpro.api.Transform;
import dev.logpro.testkit.NoArrowLeaks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoArrowLeaks.class)
class DeduplicateTest {
  private final AtomicLong clock = new AtomicLong();

  private DeduplicateTransformFactory.Deduplicate dedup(BufferAllocator allocator, List<String> key, String window,
      int maxKeys) {
    return new DeduplicateTransformFactory.Deduplicate(
        new DeduplicateTransformFactory.Config(key, window, maxKeys), allocator, clock::get);
  }

  private static List<Object> ids(Transform dedup, BufferAllocator allocator, String csv) {
    try (VectorSchemaRoot input = TestRows.csv(allocator, csv)) {
      Transform.Result result = apply(dedup, input);
      List<Object> ids = result.root() == null ? List.of() : column(result.root(), "id");
      TestRows.close(result);
      return ids;
    }
  }

  @Test
  void keepsTheFirstRowOfEachKeyWithinABatchAndAcrossBatches(BufferAllocator allocator) {
    try (Transform dedup = dedup(allocator, List.of("user", "type"), null, 100)) {
      assertThat(ids(dedup, allocator, "id,user,type\n1,u1,view\n2,u1,click\n3,u1,view\n4,,view\n5,,view\n"))
          .as("nulls are values: two null users are the same key").containsExactly(1L, 2L, 4L);
      assertThat(ids(dedup, allocator, "id,user,type\n6,u1,click\n7,u2,view\n")).containsExactly(7L);
      assertThat(ids(dedup, allocator, "id,user,type\n8,u1,view\n9,u2,view\n")).as("all rows were seen").isEmpty();
    }
  }

  @Test
  void aTimeWindowForgetsKeysOlderThanIt(BufferAllocator allocator) {
    try (Transform dedup = dedup(allocator, List.of("k"), "10m", 100)) {
      assertThat(ids(dedup, allocator, "id,k\n1,a\n")).containsExactly(1L);
      clock.set(TimeUnit.MINUTES.toNanos(9));
      assertThat(ids(dedup, allocator, "id,k\n2,a\n3,b\n")).containsExactly(3L);
      clock.set(TimeUnit.MINUTES.toNanos(11));
      assertThat(ids(dedup, allocator, "id,k\n4,a\n5,b\n")).as("a was first kept 11 minutes ago; b 2 minutes ago")
          .containsExactly(4L);
    }
  }

  @Test
  void aRowWindowRemembersTheKeysOfThatManyRowsBefore(BufferAllocator allocator) {
    try (Transform dedup = dedup(allocator, List.of("k"), "2", 100)) {
      assertThat(ids(dedup, allocator, "id,k\n1,a\n2,b\n3,a\n4,c\n5,a\n")).containsExactly(1L, 2L, 4L, 5L);
    }
  }

  @Test
  void stateIsBoundedByMaxKeysForgettingTheOldestFirst(BufferAllocator allocator) {
    try (DeduplicateTransformFactory.Deduplicate dedup = dedup(allocator, List.of("k"), null, 2)) {
      assertThat(ids(dedup, allocator, "id,k\n1,a\n2,b\n3,c\n")).containsExactly(1L, 2L, 3L);
      assertThat(dedup.remembered()).isEqualTo(2);
      assertThat(ids(dedup, allocator, "id,k\n4,c\n5,b\n6,a\n")).as("a was forgotten").containsExactly(6L);
    }
  }

  @Test
  void emptyBatchesAndBadConfig(BufferAllocator allocator) {
    try (Transform dedup = dedup(allocator, List.of("id"), null, 10);
        VectorSchemaRoot input = TestRows.csv(allocator, "id\n1\n")) {
      input.setRowCount(0);
      Transform.Result result = dedup.apply(input);
      assertThat(result.root().getRowCount()).isZero();
      TestRows.close(result);
    }
    assertThatThrownBy(() -> new DeduplicateTransformFactory.Config(List.of("id"), "10 minutes", 10))
        .hasMessageStartingWith("window: expected a duration");
  }

  /** The fingerprint set against a plain set of keys, through many evictions and table growths. */
  @Test
  void seenKeysAgreesWithAReferenceSet() {
    SeenKeys seen = new SeenKeys(5000);
    Set<Long> reference = new HashSet<>();
    List<Long> order = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long key = random.nextInt(20_000);
      boolean added = seen.add(key * 31, key, i);
      assertThat(added).as("key %d at %d", key, i).isEqualTo(!reference.contains(key));
      if (added) {
        if (order.size() == 5000) {
          reference.remove(order.remove(0));
        }
        reference.add(key);
        order.add(key);
      }
    }
    assertThat(seen.size()).isEqualTo(reference.size());
  }
}
