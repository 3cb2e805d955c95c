package dev.logpro.formats.avro;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.xerial.snappy.Snappy;

/**
 * Decompresses Avro blocks. Avro's own codecs cannot be created outside its package, so the common ones are done here
 * with the same libraries: {@code deflate} (raw deflate), {@code snappy} (with its CRC-32 trailer), {@code zstandard}.
 */
final class AvroCodecs {
  static final String SUPPORTED = "null, deflate, snappy, zstandard";

  private AvroCodecs() {}

  static boolean supports(String codec) {
    return switch (codec) {
      case "null", "deflate", "snappy", "zstandard" -> true;
      default -> false;
    };
  }

  /** The uncompressed bytes of {@code data[off, off + len)}; for {@code null} a copy is not made: the input returns. */
  static byte[] decompress(String codec, byte[] data, int off, int len) throws IOException {
    return switch (codec) {
      case "deflate" -> inflate(data, off, len);
      case "snappy" -> unsnappy(data, off, len);
      case "zstandard" -> unzstd(data, off, len);
      default -> throw new IOException("unsupported Avro codec " + codec + " (supported: " + SUPPORTED + ")");
    };
  }

  private static byte[] inflate(byte[] data, int off, int len) throws IOException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(data, off, len);
      byte[] out = new byte[Math.max(64, len * 4)];
      int n = 0;
      while (!inflater.finished()) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, out.length * 2);
        }
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      return java.util.Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      throw new IOException("bad deflate data: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private static byte[] unsnappy(byte[] data, int off, int len) throws IOException {
    if (len < 4) {
      throw new IOException("a snappy block is shorter than its checksum");
    }
    byte[] compressed = java.util.Arrays.copyOfRange(data, off, off + len - 4);
    byte[] out = Snappy.uncompress(compressed);
    CRC32 crc = new CRC32();
    crc.update(out, 0, out.length);
    int expected = (data[off + len - 4] & 0xFF) << 24 | (data[off + len - 3] & 0xFF) << 16
        | (data[off + len - 2] & 0xFF) << 8 | (data[off + len - 1] & 0xFF);
    if ((int) crc.getValue() != expected) {
      throw new IOException("a snappy block fails its checksum");
    }
    return out;
  }

  private static byte[] unzstd(byte[] data, int off, int len) throws IOException {
    try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(data, off, len))) {
      return in.readAllBytes();
    }
  }
}
