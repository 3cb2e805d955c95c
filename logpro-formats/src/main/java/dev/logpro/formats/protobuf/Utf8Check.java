package dev.logpro.formats.protobuf;

/** Checks UTF-8 well-formedness (no overlong forms, no surrogates, nothing above U+10FFFF), ASCII first. */
final class Utf8Check {
  private Utf8Check() {}

  static boolean isValid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int length;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        min = 0x10000;
      } else {
        return false;
      }
      if (to - i < length) {
        return false;
      }
      int code = c & (0xFF >> (length + 1));
      for (int k = 1; k < length; k++) {
        int next = b[i + k] & 0xFF;
        if ((next & 0xC0) != 0x80) {
          return false;
        }
        code = code << 6 | (next & 0x3F);
      }
      if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return false;
      }
      i += length;
    }
    return true;
  }
}
