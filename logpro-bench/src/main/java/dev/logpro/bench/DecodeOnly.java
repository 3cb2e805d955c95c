package dev.logpro.bench;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.core.decode.CsvDecoderFactory;
import dev.logpro.core.decode.NdjsonDecoderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * One decoder on one thread over a file held in memory, cut into 4 MiB chunks at line ends as the file source cuts
 * it: the decode stage alone, for working on a decoder. Not part of {@code ./bench}; compare two builds in alternating
 * runs (the machine's speed drifts), e.g.
 * {@code java -cp 'logpro-bench/target/logpro-bench.jar:logpro-bench/target/lib/*' dev.logpro.bench.DecodeOnly
 * bench-data/events-1000000.ndjson 5} (add the launcher's flags; see docs/benchmarks.md).
 */
public final class DecodeOnly {
  private static final int CHUNK = 4 << 20;

  private DecodeOnly() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: DecodeOnly <file.csv|file.ndjson> [repeats]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    boolean csv = file.toString().endsWith(".csv");
    byte[] all = Files.readAllBytes(file);
    List<RawMessage> chunks = chunks(all, csv);
    try (BufferAllocator allocator = new RootAllocator(1L << 30)) {
      ComponentContext context = new ComponentContext() {
        @Override
        public String pipelineId() {
          return "decode-only";
        }

        @Override
        public BufferAllocator allocator() {
          return allocator;
        }
      };
      Decoder decoder = csv
          ? new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(), context)
          : new NdjsonDecoderFactory().create(new NdjsonDecoderFactory.Config(), context);
      for (int r = 0; r < repeats; r++) {
        long start = System.nanoTime();
        long rows = 0;
        for (RawMessage chunk : chunks) {
          Decoded decoded = decoder.decode(List.of(chunk));
          rows += decoded.root().getRowCount();
          decoded.root().close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("run %d: %,d rows in %.3f s, %.1f MB/s%n", r + 1, rows, seconds, all.length / 1e6 / seconds);
      }
    }
  }

  /** The file in chunks of whole lines; a CSV header goes with every chunk, as the file source sends it. */
  private static List<RawMessage> chunks(byte[] all, boolean csv) {
    int pos = 0;
    Map<String, String> headers = Map.of();
    if (csv) {
      int newline = indexOf(all, 0, (byte) '\n');
      headers = Map.of(RawMessage.CSV_HEADER, new String(all, 0, newline, StandardCharsets.UTF_8));
      pos = newline + 1;
    }
    List<RawMessage> chunks = new ArrayList<>();
    while (pos < all.length) {
      int end = Math.min(all.length, pos + CHUNK);
      while (end < all.length && all[end - 1] != '\n') {
        end--;
      }
      chunks.add(new RawMessage(all, pos, end - pos, "decode-only", pos, null, 0, null, headers));
      pos = end;
    }
    return chunks;
  }

  private static int indexOf(byte[] b, int from, byte target) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == target) {
        return i;
      }
    }
    return b.length;
  }
}
