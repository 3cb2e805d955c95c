package dev.logpro.formats.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The header of an Avro object container file: the magic bytes, the metadata map (the writer's schema as JSON, the
 * codec) and the 16-byte sync marker that ends every block.
 *
 * @param schema the writer's schema, as JSON
 * @param codec the block codec: {@code null}, {@code deflate}, {@code snappy}, {@code zstandard}, ...
 * @param sync the sync marker
 * @param length the header's length in bytes: where the first block starts
 */
record AvroHeader(String schema, String codec, byte[] sync, long length) {
  private static final byte[] MAGIC = {'O', 'b', 'j', 1};

  /** @throws IOException if the stream does not start with an Avro container header */
  static AvroHeader read(InputStream in) throws IOException {
    Counting counted = new Counting(in);
    byte[] magic = counted.readN(4);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not an Avro object container file (it does not start with 'Obj' 1)");
    }
    Map<String, byte[]> meta = new HashMap<>();
    for (long count = counted.readLong(); count != 0; count = counted.readLong()) {
      if (count < 0) {
        counted.readLong();
        count = -count;
      }
      for (long i = 0; i < count; i++) {
        String key = new String(counted.readN(counted.readSize()), StandardCharsets.UTF_8);
        meta.put(key, counted.readN(counted.readSize()));
      }
    }
    byte[] sync = counted.readN(16);
    byte[] schema = meta.get("avro.schema");
    if (schema == null) {
      throw new IOException("the Avro header has no avro.schema");
    }
    byte[] codec = meta.get("avro.codec");
    return new AvroHeader(new String(schema, StandardCharsets.UTF_8),
        codec == null ? "null" : new String(codec, StandardCharsets.UTF_8), sync, counted.count);
  }

  /** Reads the header's parts from a stream, counting the bytes. */
  private static final class Counting {
    private final InputStream in;
    long count;

    Counting(InputStream in) {
      this.in = in;
    }

    byte[] readN(int n) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(n, 1 << 16));
      byte[] buf = new byte[Math.min(n, 8192)];
      int left = n;
      while (left > 0) {
        int read = in.read(buf, 0, Math.min(left, buf.length));
        if (read < 0) {
          throw new IOException("the Avro header is cut short");
        }
        out.write(buf, 0, read);
        left -= read;
      }
      count += n;
      return out.toByteArray();
    }

    int readSize() throws IOException {
      long size = readLong();
      if (size < 0 || size > Integer.MAX_VALUE) {
        throw new IOException("the Avro header holds a bad length: " + size);
      }
      return (int) size;
    }

    long readLong() throws IOException {
      long raw = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("the Avro header is cut short");
        }
        count++;
        raw |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return (raw >>> 1) ^ -(raw & 1);
        }
      }
      throw new IOException("the Avro header holds a number longer than 10 bytes");
    }
  }
}
