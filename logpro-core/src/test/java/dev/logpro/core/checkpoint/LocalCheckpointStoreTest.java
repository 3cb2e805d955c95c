package dev.logpro.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logpro.api.Position;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointStoreTest {
  @TempDir Path dir;

  @Test
  void savesReplacesAndLoadsPositionsPerPipeline() throws Exception {
    LocalCheckpointStore store = new LocalCheckpointStore(dir.resolve("checkpoints"));
    assertThat(store.load("p")).isEmpty();

    store.save("p", Map.of("/a.csv", new Position("/a.csv", "10"), "/b.csv", new Position("/b.csv", "5")));
    store.save("p", Map.of("/a.csv", new Position("/a.csv", "20")));
    store.save("other", Map.of("/c.csv", new Position("/c.csv", "1")));

    assertThat(new LocalCheckpointStore(dir.resolve("checkpoints")).load("p"))
        .containsExactly(Map.entry("/a.csv", new Position("/a.csv", "20")));
    assertThat(store.load("other")).containsOnlyKeys("/c.csv");
    try (var files = Files.list(dir.resolve("checkpoints"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("p.json", "other.json");
    }
  }
}
