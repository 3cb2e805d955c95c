package dev.logpro.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic damage to a sample file: {@code mutant(n)} is always the same bytes, so a failing input is reproduced
 * from its number alone. A mutant is the sample's header line (when it has one) and a short run of its lines, then a
 * few edits: truncation, inserted quotes, braces, brackets, commas, NULs and line breaks, invalid UTF-8, deleted and
 * duplicated bytes. An edit may land in the header.
 */
final class Mutations {
  private static final byte[][] INVALID_UTF8 = {
    {(byte) 0xff}, {(byte) 0xc3}, {(byte) 0x80}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
    {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xfe, (byte) 0xfe}};
  private static final byte[][] PUNCTUATION = bytes("\"", "\"\"", "{", "}", "[", "]", ",", ":", "\\", "\u0000", "\n",
      "\r", "\r\n", "\ufeff", "{\"", "\":", "null", "1e999", "-", "\t");

  private final List<byte[]> lines;
  private final boolean header;

  /** A sample to damage; {@code header}: its first line is kept at the top of every mutant (a CSV header). */
  Mutations(byte[] sample, boolean header) {
    this.lines = splitLines(sample);
    this.header = header;
  }

  byte[] mutant(long number) {
    Random random = new Random(number);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int first = header ? 1 : 0;
    if (header) {
      out.writeBytes(lines.get(0));
    }
    int count = 1 + random.nextInt(12);
    int from = first + random.nextInt(Math.max(1, lines.size() - first - count));
    for (int i = from; i < Math.min(lines.size(), from + count); i++) {
      out.writeBytes(lines.get(i));
    }
    byte[] bytes = out.toByteArray();
    for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
      bytes = edit(bytes, random);
    }
    return bytes;
  }

  private static byte[] edit(byte[] bytes, Random random) {
    int at = random.nextInt(bytes.length + 1);
    return switch (random.nextInt(6)) {
      case 0 -> Arrays.copyOf(bytes, at);
      case 1 -> insert(bytes, at, PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
      case 2 -> insert(bytes, at, INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
      case 3 -> {
        int end = Math.min(bytes.length, at + 1 + random.nextInt(8));
        yield concat(slice(bytes, 0, at), slice(bytes, end, bytes.length));
      }
      case 4 -> {
        int end = Math.min(bytes.length, at + 1 + random.nextInt(40));
        yield insert(bytes, at, slice(bytes, at, end));
      }
      default -> {
        byte[] copy = bytes.clone();
        if (at < copy.length) {
          copy[at] = (byte) random.nextInt(256);
        }
        yield copy;
      }
    };
  }

  private static byte[] insert(byte[] bytes, int at, byte[] what) {
    return concat(concat(slice(bytes, 0, at), what), slice(bytes, at, bytes.length));
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return Arrays.copyOfRange(bytes, from, to);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** The lines of {@code data}, each with its line ending. */
  private static List<byte[]> splitLines(byte[] data) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') {
        lines.add(slice(data, start, i + 1));
        start = i + 1;
      }
    }
    if (start < data.length) {
      lines.add(slice(data, start, data.length));
    }
    return lines;
  }

  private static byte[][] bytes(String... texts) {
    byte[][] all = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      all[i] = texts[i].getBytes(StandardCharsets.UTF_8);
    }
    return all;
  }
}
