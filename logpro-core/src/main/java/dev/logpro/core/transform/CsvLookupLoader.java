package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoded;
import dev.logpro.api.Decoder;
import dev.logpro.api.RawMessage;
import dev.logpro.core.decode.CsvDecoderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Loads a CSV lookup file with the {@code csv} decoder's defaults (a header line; types inferred from every row). */
public final class CsvLookupLoader implements LookupLoader {
  /** For {@link java.util.ServiceLoader}. */
  public CsvLookupLoader() {}

  @Override
  public String format() {
    return "csv";
  }

  @Override
  public List<String> check(LookupSource source) {
    return LookupLoader.checkFile(source);
  }

  @Override
  public VectorSchemaRoot load(LookupSource source, BufferAllocator allocator) throws Exception {
    Path path = Path.of(source.path());
    long size = Files.size(path);
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("lookup " + path + " is " + (size >> 20) + " MiB: a CSV lookup must be"
          + " smaller than 2 GiB");
    }
    byte[] bytes = Files.readAllBytes(path);
    ComponentContext context = new ComponentContext() {
      @Override
      public String pipelineId() {
        return "lookup";
      }

      @Override
      public BufferAllocator allocator() {
        return allocator;
      }

      @Override
      public int inferSampleRows() {
        return (int) Math.min(Integer.MAX_VALUE, source.maxRows());
      }
    };
    try (Decoder decoder = new CsvDecoderFactory().create(CsvDecoderFactory.Config.defaults(), context)) {
      Decoded decoded = decoder.decode(java.util.List.of(RawMessage.of(bytes, path.toString(), 0, null)));
      VectorSchemaRoot root = decoded.root();
      if (!decoded.deadLetters().isEmpty()) {
        root.close();
        throw new IllegalArgumentException("lookup " + path + ": " + decoded.deadLetters().size()
            + " records cannot be read (the first at byte " + decoded.deadLetters().get(0).position() + ": "
            + decoded.deadLetters().get(0).error() + ")");
      }
      if (root.getRowCount() > source.maxRows()) {
        int rows = root.getRowCount();
        root.close();
        throw source.tooBig(rows);
      }
      return root;
    }
  }
}
