package dev.logpro.formats.avro;

/**
 * Reads Avro's binary encoding from a byte array: zig-zag varints, little-endian floats, length-prefixed bytes. Bad
 * input (a varint too long, a length past the end) throws {@link MalformedAvroException}, never reads out of bounds.
 */
final class AvroInput {
  byte[] buf;
  int pos;
  int end;

  void reset(byte[] buf, int pos, int end) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  boolean atEnd() {
    return pos >= end;
  }

  long readLong() {
    long raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new MalformedAvroException("the data ends inside a number");
      }
      byte b = buf[pos++];
      raw |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new MalformedAvroException("a number is longer than 10 bytes");
  }

  int readInt() {
    long value = readLong();
    if (value != (int) value) {
      throw new MalformedAvroException("an int is out of range: " + value);
    }
    return (int) value;
  }

  boolean readBoolean() {
    need(1);
    byte b = buf[pos++];
    if (b != 0 && b != 1) {
      throw new MalformedAvroException("a boolean is neither 0 nor 1 but " + b);
    }
    return b == 1;
  }

  float readFloat() {
    return Float.intBitsToFloat(readFixedInt());
  }

  double readDouble() {
    need(8);
    long low = readFixedInt() & 0xFFFFFFFFL;
    long high = readFixedInt() & 0xFFFFFFFFL;
    return Double.longBitsToDouble(high << 32 | low);
  }

  private int readFixedInt() {
    need(4);
    int value = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
    pos += 4;
    return value;
  }

  /** Reads a length prefix and checks that many bytes follow; the bytes start at {@link #pos}. */
  int readLength() {
    long length = readLong();
    if (length < 0 || length > end - pos) {
      throw new MalformedAvroException("a length of " + length + " bytes runs past the end of the data");
    }
    return (int) length;
  }

  /** Checks that {@code n} bytes are left. */
  void need(int n) {
    if (end - pos < n) {
      throw new MalformedAvroException("the data ends inside a value");
    }
  }

  /**
   * The item count of the next block of an array or map: 0 at the end. A negative count is followed by the block's
   * size in bytes, which is skipped over here.
   */
  long readBlockCount() {
    long count = readLong();
    if (count < 0) {
      readLong();
      count = -count;
    }
    if (count > end - pos && count > Integer.MAX_VALUE) {
      throw new MalformedAvroException("an array or map block claims " + count + " items");
    }
    return count;
  }
}
