package dev.logpro.formats.protobuf;

import dev.logpro.core.decode.Framing;

/**
 * Frames length-delimited messages, as protobuf's {@code writeDelimitedTo} writes them: a varint length, then that many
 * bytes. A length that is not a valid varint cannot be framed past: the rest of the input becomes one record, which
 * the decoder makes a dead letter.
 */
final class Delimited implements Framing.Framer {

  @Override
  public int completeRecords(byte[] buf, int off, int len, boolean endOfInput) {
    if (endOfInput) {
      return len;
    }
    int end = off + len;
    int pos = off;
    while (pos < end) {
      long next = recordEnd(buf, pos, end);
      if (next < 0 || next > end) {
        break;
      }
      pos = (int) next;
    }
    return pos - off;
  }

  /**
   * The end of the record at {@code pos}: past {@code end} if its bytes are not all there, -1 if the buffer ends in
   * its length, or -2 if the length is not a varint of at most five bytes.
   */
  static long recordEnd(byte[] buf, int pos, int end) {
    long length = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= end) {
        return -1;
      }
      byte b = buf[pos++];
      length |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return length > Integer.MAX_VALUE ? -2 : pos + length;
      }
    }
    return -2;
  }
}
