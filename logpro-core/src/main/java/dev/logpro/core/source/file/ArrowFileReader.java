package dev.logpro.core.source.file;

import java.io.IOException;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads one file of an {@link ArrowFileFormat} as Arrow batches, in order, resumable at the tokens it hands out. */
public interface ArrowFileReader extends AutoCloseable {

  /** The Arrow schema of every batch of this file. */
  Schema schema();

  /**
   * Continues after the rows that {@code token} (one this reader's format handed out) says were handed on.
   *
   * @return {@code false}, reading from the start, if the token does not fit this file (it was replaced)
   */
  boolean seek(String token) throws IOException;

  /**
   * The next rows, at most {@code maxRows}, allocated from {@code allocator}; {@code null} when the file is done.
   *
   * @throws IOException if the file is damaged; the reader cannot go on after that
   */
  Chunk next(BufferAllocator allocator, int maxRows) throws IOException;

  @Override
  void close() throws IOException;

  /**
   * Rows of a file and where reading resumes after them.
   *
   * @param root the rows, owned by the caller
   * @param token the position after these rows, for {@link #seek}
   */
  record Chunk(VectorSchemaRoot root, String token) {
    public Chunk {
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(token, "token");
    }
  }
}
