package dev.logpro.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.testkit.NoArrowLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.iceberg.DataFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Columns encoded on several threads give the very file one thread gives. */
@ExtendWith(NoArrowLeaks.class)
class ParallelColumnsTest extends SinkTestSupport {

  @Test
  void parallelColumnsWriteTheSameBytesAsOneThread(BufferAllocator allocator) throws Exception {
    byte[] sequential = writeWith(allocator, 1);
    byte[] parallel = writeWith(allocator, 4);
    assertThat(parallel).hasSize(sequential.length).isEqualTo(sequential);
  }

  private byte[] writeWith(BufferAllocator allocator, int threads) throws Exception {
    try (IcebergSink sink = open(allocator, List.of())) {
      sink.writerThreads(threads);
      write(sink, allocator, 0, 30_000);
      write(sink, allocator, 30_000, 20_000);
      sink.commit(PIPELINE, Map.of());
      org.apache.iceberg.Table table = sink.table();
      table.refresh();
      List<DataFile> added = new java.util.ArrayList<>();
      table.currentSnapshot().addedDataFiles(table.io()).forEach(added::add);
      assertThat(added).hasSize(1);
      assertThat(added.get(0).recordCount()).isEqualTo(50_000);
      return Files.readAllBytes(Path.of(added.get(0).location()));
    }
  }
}
