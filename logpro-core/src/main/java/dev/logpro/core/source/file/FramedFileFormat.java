package dev.logpro.core.source.file;

import java.io.IOException;

/**
 * A format whose files are runs of records that its decoder reads from bytes. The source reads what a file holds
 * before its first record once ({@link #layout}), then hands on chunks cut where {@link FileLayout#framer()} says
 * records end, each carrying {@link FileLayout#headers()} so a chunk from the middle of a file decodes alone.
 */
public interface FramedFileFormat extends FileFormat {

  /**
   * Reads the start of one file.
   *
   * @param head the file's first bytes
   * @param options the decoder's bound options ({@code source.<format>}), or {@code null} for its defaults
   * @throws IOException if the file cannot be read, or its start is not this format at all and no record in it could
   *     ever be decoded (a decoder turns bad records into dead letters; this is for a file that is not one)
   */
  FileLayout layout(FileHead head, Record options) throws IOException;
}
