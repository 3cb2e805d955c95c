package dev.logpro.formats.protobuf;

/**
 * Reads the protobuf wire format from a byte array: varints, zig-zag varints, little-endian fixed values and
 * length-delimited runs. Bad input throws {@link MalformedProtobufException} and never reads out of bounds.
 */
final class ProtoInput {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int FIXED32 = 5;

  byte[] buf;
  int pos;
  int end;

  ProtoInput(byte[] buf, int pos, int end) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw new MalformedProtobufException("the message ends inside a varint");
      }
      byte b = buf[pos++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new MalformedProtobufException("a varint is longer than 10 bytes");
  }

  long readZigZag() {
    long raw = readVarint();
    return (raw >>> 1) ^ -(raw & 1);
  }

  int readFixed32() {
    need(4);
    int value = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
    pos += 4;
    return value;
  }

  long readFixed64() {
    long low = readFixed32() & 0xFFFFFFFFL;
    long high = readFixed32() & 0xFFFFFFFFL;
    return high << 32 | low;
  }

  /** Reads a length prefix and checks that many bytes follow; they start at {@link #pos}. */
  int readLength() {
    long length = readVarint();
    if (length < 0 || length > end - pos) {
      throw new MalformedProtobufException("a length of " + length + " bytes runs past the end of the message");
    }
    return (int) length;
  }

  void need(int n) {
    if (end - pos < n) {
      throw new MalformedProtobufException("the message ends inside a value");
    }
  }

  /** Skips the value of a field with {@code tag}, as a parser does for fields it does not know. */
  void skip(int tag) {
    switch (tag & 7) {
      case VARINT -> readVarint();
      case FIXED64 -> {
        need(8);
        pos += 8;
      }
      case LENGTH_DELIMITED -> pos += readLength();
      case FIXED32 -> {
        need(4);
        pos += 4;
      }
      case START_GROUP -> {
        int number = tag >>> 3;
        while (true) {
          int inner = readTag();
          if (inner == 0) {
            throw new MalformedProtobufException("a group is not closed");
          }
          if ((inner & 7) == END_GROUP) {
            if (inner >>> 3 != number) {
              throw new MalformedProtobufException("a group is closed by another group's tag");
            }
            return;
          }
          skip(inner);
        }
      }
      default -> throw new MalformedProtobufException("wire type " + (tag & 7) + " is not valid here");
    }
  }

  /** The next tag, or 0 at the end of the message. */
  int readTag() {
    if (pos >= end) {
      return 0;
    }
    long tag = readVarint();
    if (tag >>> 3 == 0 || tag > 0xFFFFFFFFL) {
      throw new MalformedProtobufException("field number 0 or out of range in tag " + tag);
    }
    return (int) tag;
  }
}
