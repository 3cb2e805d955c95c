package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.NoArrowLeaks;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.TableProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An open file's Parquet pages live in the sink's Arrow memory, and each row group gives its share back. */
@ExtendWith(NoArrowLeaks.class)
class PageMemoryTest extends SinkTestSupport {

  @Test
  void pagesOfOpenFilesAreArrowMemoryAndRowGroupsGiveThemBack(BufferAllocator allocator) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      write(sink, allocator, 0, 1_000);
      assertThat(allocator.getAllocatedMemory()).as("pages of the open file").isPositive();
      sink.commit(PIPELINE, positions("f", "1000"));
      assertThat(allocator.getAllocatedMemory()).as("after the commit").isZero();
      sink.table().updateProperties().set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "262144").commit();
    }
    try (IcebergSink sink = open(allocator, List.of())) {
      long most = 0;
      for (int i = 0; i < 40; i++) {
        write(sink, allocator, 1_000 + i * 5_000L, 5_000);
        most = Math.max(most, allocator.getAllocatedMemory());
      }
      // Were the buffers of written row groups kept until the file closed, this would pass 8 MiB.
      assertThat(most).as("page memory while 200,000 rows go into 256 KiB row groups").isLessThan(3L << 20);
      sink.commit(PIPELINE, positions("f", "201000"));
      assertThat(allocator.getAllocatedMemory()).isZero();
      assertThat(readAll(sink.table())).hasSize(201_000);
    }
  }
}
