package dev.logpro.formats.avro;

import dev.logpro.core.decode.Framing;

/**
 * Frames the blocks of an Avro container file: a record count, a byte size, that many bytes, then the file's sync
 * marker. A block whose sync marker is not where its size says (a damaged file) is cut at the next sync marker instead,
 * so the damage is one dead letter and reading goes on with the next good block.
 */
final class AvroBlocks implements Framing.Framer {
  private final byte[] sync;

  AvroBlocks(byte[] sync) {
    this.sync = sync;
  }

  @Override
  public int completeRecords(byte[] buf, int off, int len, boolean endOfInput) {
    if (endOfInput) {
      return len;
    }
    int end = off + len;
    int pos = off;
    while (pos < end) {
      int blockEnd = blockEnd(buf, pos, end);
      if (blockEnd < 0) {
        break;
      }
      pos = blockEnd;
    }
    return pos - off;
  }

  /** Where the block at {@code start} ends (after its sync marker), or -1 if that is not in the buffer yet. */
  int blockEnd(byte[] buf, int start, int end) {
    long[] header = new long[2];
    int dataStart = readHeader(buf, start, end, header);
    if (dataStart == -1) {
      return -1;
    }
    if (dataStart >= 0 && header[0] >= 0 && header[1] >= 0) {
      long expected = dataStart + header[1] + sync.length;
      if (expected <= end && matchesSync(buf, (int) expected - sync.length)) {
        return (int) expected;
      }
    }
    // Damaged: cut at the next sync marker, if one is in the buffer.
    int next = nextSync(buf, start, end);
    return next < 0 ? -1 : next + sync.length;
  }

  /**
   * Reads the block's count and size into {@code header}; the offset of its data, -1 if the buffer ends inside them,
   * or -2 if they are not valid numbers.
   */
  static int readHeader(byte[] buf, int pos, int end, long[] header) {
    for (int field = 0; field < 2; field++) {
      long raw = 0;
      int shift = 0;
      while (true) {
        if (pos >= end) {
          return -1;
        }
        if (shift >= 64) {
          return -2;
        }
        byte b = buf[pos++];
        raw |= (long) (b & 0x7F) << shift;
        shift += 7;
        if (b >= 0) {
          break;
        }
      }
      header[field] = (raw >>> 1) ^ -(raw & 1);
    }
    return pos;
  }

  boolean matchesSync(byte[] buf, int at) {
    for (int i = 0; i < sync.length; i++) {
      if (buf[at + i] != sync[i]) {
        return false;
      }
    }
    return true;
  }

  private int nextSync(byte[] buf, int from, int end) {
    for (int i = from; i + sync.length <= end; i++) {
      if (buf[i] == sync[0] && matchesSync(buf, i)) {
        return i;
      }
    }
    return -1;
  }
}
