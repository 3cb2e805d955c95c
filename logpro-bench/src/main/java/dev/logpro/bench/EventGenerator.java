package dev.logpro.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Deterministic web-event data for the benchmarks: 32-hex event ids, UTC timestamps, user and session ids,
 * low-cardinality types, statuses, countries and devices, high-cardinality URLs, a referrer that is often null,
 * exponential latencies, a price only on purchases. One row of CSV (flat, with {@code city} and {@code zip} columns) and
 * one line of NDJSON (with a nested {@code address {city, zip}} object and a {@code tags} array) per event; both files
 * hold the same events.
 *
 * <p>The values come from {@link SplittableRandom}, whose algorithm is specified, so a seed gives the same bytes on
 * every JDK. Rows are formatted straight into a byte buffer: no {@code String.format}, no per-row strings.
 */
public final class EventGenerator {

  /** The CSV header, which is also the column order of both files. */
  public static final String[] COLUMNS = {"event_id", "ts", "user_id", "session_id", "event_type", "status",
      "country", "device", "url", "referrer", "latency_ms", "bytes", "price", "is_bot", "city", "zip"};
  public static final long DEFAULT_SEED = 54;

  private static final byte[][] TYPES = ascii("page_view", "click", "add_to_cart", "purchase", "signup", "login",
      "logout", "search", "share", "comment", "like", "video_play");
  private static final int PURCHASE = 3;
  private static final byte[][] STATUSES = ascii("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok",
      "ok", "ok", "ok", "ok", "ok", "ok", "deleted", "test", "error");
  private static final byte[][] COUNTRIES = ascii("US", "DE", "FR", "GB", "IN", "BR", "JP", "CN", "CA", "AU", "ES",
      "IT", "NL", "SE", "PL", "MX", "KR", "RU", "TR", "ZA", "AR", "NG", "EG", "ID", "VN");
  private static final byte[][] DEVICES = ascii("desktop", "mobile", "tablet", "tv", "bot");
  private static final int BOT = 4;
  private static final byte[][] PATHS = ascii("/", "/home", "/search", "/cart", "/checkout", "/product", "/blog",
      "/account", "/help");
  private static final long T0_MS = LocalDate.of(2026, 1, 1).toEpochDay() * 86_400_000L;
  private static final long DAY_MS = 86_400_000L;

  private final long seed;

  public EventGenerator(long seed) {
    this.seed = seed;
  }

  /** Which files to write; either may be null to skip it (the values drawn are the same either way). */
  public void write(long rows, OutputStream csv, OutputStream ndjson) throws IOException {
    Row row = new Row();
    SplittableRandom r = new SplittableRandom(seed);
    Buf c = csv == null ? null : new Buf(csv);
    Buf j = ndjson == null ? null : new Buf(ndjson);
    if (c != null) {
      c.str(String.join(",", COLUMNS)).nl();
    }
    for (long i = 0; i < rows; i++) {
      row.next(r, i);
      if (c != null) {
        row.csv(c);
      }
      if (j != null) {
        row.json(j);
      }
    }
    if (c != null) {
      c.flush();
    }
    if (j != null) {
      j.flush();
    }
  }

  /**
   * Makes sure {@code dir/events-<rows>.csv} and/or {@code .ndjson} exist, generating what is missing. A file is
   * written under a temporary name and renamed when complete, so one that exists is whole and is reused.
   */
  public static DataFiles ensure(Path dir, long rows, long seed, boolean wantCsv, boolean wantNdjson)
      throws IOException {
    Files.createDirectories(dir);
    String base = seed == DEFAULT_SEED ? "events-" + rows : "events-" + rows + "-seed" + seed;
    Path csv = dir.resolve(base + ".csv");
    Path ndjson = dir.resolve(base + ".ndjson");
    boolean makeCsv = wantCsv && !Files.exists(csv);
    boolean makeJson = wantNdjson && !Files.exists(ndjson);
    if (makeCsv || makeJson) {
      Path csvTmp = dir.resolve(base + ".csv.tmp");
      Path jsonTmp = dir.resolve(base + ".ndjson.tmp");
      try (OutputStream c = makeCsv ? Files.newOutputStream(csvTmp) : null;
          OutputStream j = makeJson ? Files.newOutputStream(jsonTmp) : null) {
        new EventGenerator(seed).write(rows, c, j);
      }
      if (makeCsv) {
        Files.move(csvTmp, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      if (makeJson) {
        Files.move(jsonTmp, ndjson, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return new DataFiles(wantCsv ? csv : null, wantNdjson ? ndjson : null, makeCsv || makeJson);
  }

  /**
   * The lines of {@code sorted} in a random order drawn from {@code seed} (a CSV header stays first), written once
   * beside it as {@code <name>-shuffled.<ext>}: the same events, no longer in time order.
   */
  public static Path shuffled(Path sorted, boolean header, long seed) throws IOException {
    String name = sorted.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path target = sorted.resolveSibling(name.substring(0, dot) + "-shuffled" + name.substring(dot));
    if (Files.exists(target)) {
      return target;
    }
    long[] starts = lineStarts(sorted);
    int first = header ? 1 : 0;
    int lines = starts.length - 1;
    int[] order = new int[lines - first];
    for (int i = 0; i < order.length; i++) {
      order[i] = first + i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(sorted);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      java.nio.ByteBuffer line = java.nio.ByteBuffer.allocate(1 << 16);
      for (int i = -first; i < order.length; i++) {
        int index = i < 0 ? 0 : order[i];
        int length = (int) (starts[index + 1] - starts[index]);
        if (line.capacity() < length) {
          line = java.nio.ByteBuffer.allocate(length);
        }
        line.clear().limit(length);
        while (line.hasRemaining() && in.read(line, starts[index] + line.position()) >= 0) {
          // Positional reads until the line is whole.
        }
        out.write(line.array(), 0, length);
      }
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** Where each line of {@code file} starts, plus the file's length: every line ends with a newline. */
  private static long[] lineStarts(Path file) throws IOException {
    long[] starts = new long[1 << 20];
    int count = 0;
    starts[count++] = 0;
    long offset = 0;
    byte[] buffer = new byte[1 << 20];
    try (var in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; offset += n) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            if (count == starts.length) {
              starts = java.util.Arrays.copyOf(starts, count * 2);
            }
            starts[count++] = offset + i + 1;
          }
        }
      }
    }
    if (starts[count - 1] != offset) {
      throw new IOException("Cannot shuffle " + file + ": its last line has no newline");
    }
    return java.util.Arrays.copyOf(starts, count);
  }

  /** The generated files; {@code generated} is false when both were already there. */
  public record DataFiles(Path csv, Path ndjson, boolean generated) {}

  /** One event's values, drawn in a fixed order from the random stream. */
  private static final class Row {
    long tsMs;
    int userId;
    int type;
    int status;
    int country;
    int device;
    int path;
    int urlId;
    int query;
    int referrer = -1;
    long latencyThousandths;
    int bytes;
    long priceCents = -1;
    int city;
    int zip;
    long eventHi;
    long eventLo;
    long session;
    final int[] tags = new int[2];
    int tagCount;

    void next(SplittableRandom r, long i) {
      tsMs = T0_MS + i * 1300 + r.nextInt(1000);
      userId = 1 + r.nextInt(1_999_999);
      type = r.nextInt(TYPES.length);
      status = r.nextInt(STATUSES.length);
      country = r.nextInt(COUNTRIES.length);
      device = r.nextInt(DEVICES.length);
      path = r.nextInt(PATHS.length);
      urlId = r.nextInt(100_000);
      query = r.nextInt(1 << 24);
      referrer = r.nextDouble() < 0.4 ? -1 : r.nextInt(500);
      // Exponential with mean 120 ms, kept in thousandths (three decimals).
      latencyThousandths = Math.round(-Math.log(1.0 - r.nextDouble()) * 120_000.0);
      bytes = 200 + r.nextInt(1_999_800);
      priceCents = type == PURCHASE ? Math.round(r.nextDouble() * 50_000.0) : -1;
      city = r.nextInt(3000);
      zip = r.nextInt(100_000);
      eventHi = r.nextLong();
      eventLo = r.nextLong();
      session = r.nextLong();
      tagCount = r.nextInt(3);
      for (int t = 0; t < tagCount; t++) {
        tags[t] = r.nextInt(TYPES.length);
      }
    }

    void csv(Buf b) {
      b.hex(eventHi, 16).hex(eventLo, 16).comma();
      b.timestamp(tsMs).comma();
      b.dec(userId).comma();
      b.hex(session, 16).comma();
      b.raw(TYPES[type]).comma().raw(STATUSES[status]).comma().raw(COUNTRIES[country]).comma();
      b.raw(DEVICES[device]).comma();
      url(b);
      b.comma();
      if (referrer >= 0) {
        referrer(b);
      }
      b.comma().decimal(latencyThousandths, 3).comma().dec(bytes).comma();
      if (priceCents >= 0) {
        b.fixed(priceCents, 2);
      }
      b.comma().str(device == BOT ? "true" : "false").comma();
      b.str("City").dec(city).comma().padded(zip, 5).nl();
    }

    void json(Buf b) {
      b.str("{\"event_id\":\"").hex(eventHi, 16).hex(eventLo, 16);
      b.str("\",\"ts\":\"").timestamp(tsMs);
      b.str("\",\"user_id\":").dec(userId);
      b.str(",\"session_id\":\"").hex(session, 16);
      b.str("\",\"event_type\":\"").raw(TYPES[type]);
      b.str("\",\"status\":\"").raw(STATUSES[status]);
      b.str("\",\"country\":\"").raw(COUNTRIES[country]);
      b.str("\",\"device\":\"").raw(DEVICES[device]);
      b.str("\",\"url\":\"");
      url(b);
      b.str("\",\"referrer\":");
      if (referrer >= 0) {
        b.quote();
        referrer(b);
        b.quote();
      } else {
        b.str("null");
      }
      b.str(",\"latency_ms\":").decimal(latencyThousandths, 3);
      b.str(",\"bytes\":").dec(bytes);
      b.str(",\"price\":");
      if (priceCents >= 0) {
        b.decimal(priceCents, 2);
      } else {
        b.str("null");
      }
      b.str(",\"is_bot\":").str(device == BOT ? "true" : "false");
      b.str(",\"address\":{\"city\":\"City").dec(city).str("\",\"zip\":\"").padded(zip, 5).str("\"}");
      b.str(",\"tags\":[");
      for (int t = 0; t < tagCount; t++) {
        if (t > 0) {
          b.comma();
        }
        b.quote().raw(TYPES[tags[t]]).quote();
      }
      b.str("]}").nl();
    }

    private void url(Buf b) {
      b.str("https://shop.example.com").raw(PATHS[path]).str("/").dec(urlId).str("?q=").hexShort(query);
    }

    private void referrer(Buf b) {
      b.str("https://ref").dec(referrer).str(".example.org/");
    }
  }

  /** An ASCII byte buffer in front of an output stream, with the few number formats the rows need. */
  private static final class Buf {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long day = Long.MIN_VALUE;
    private byte[] datePrefix;

    Buf(OutputStream out) {
      this.out = new BufferedOutputStream(out, 1 << 20);
    }

    private void room(int n) {
      if (pos + n > buf.length) {
        try {
          out.write(buf, 0, pos);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        pos = 0;
      }
    }

    void flush() throws IOException {
      out.write(buf, 0, pos);
      pos = 0;
      out.flush();
    }

    Buf raw(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
      return this;
    }

    Buf str(String s) {
      int n = s.length();
      room(n);
      for (int i = 0; i < n; i++) {
        buf[pos++] = (byte) s.charAt(i);
      }
      return this;
    }

    Buf comma() {
      room(1);
      buf[pos++] = ',';
      return this;
    }

    Buf quote() {
      room(1);
      buf[pos++] = '"';
      return this;
    }

    Buf nl() {
      room(1);
      buf[pos++] = '\n';
      return this;
    }

    Buf dec(long v) {
      room(20);
      if (v < 0) {
        buf[pos++] = '-';
        v = -v;
      }
      int start = pos;
      do {
        buf[pos++] = (byte) ('0' + v % 10);
        v /= 10;
      } while (v != 0);
      reverse(start, pos - 1);
      return this;
    }

    Buf padded(long v, int width) {
      room(width);
      for (int i = width - 1; i >= 0; i--) {
        buf[pos + i] = (byte) ('0' + v % 10);
        v /= 10;
      }
      pos += width;
      return this;
    }

    /** {@code scaled / 10^scale} with exactly {@code scale} decimals, as {@code "%.2f"} prints it. */
    Buf fixed(long scaled, int scale) {
      long unit = pow10(scale);
      dec(scaled / unit);
      room(1 + scale);
      buf[pos++] = '.';
      return padded(scaled % unit, scale);
    }

    /** {@code scaled / 10^scale} without trailing zeros but with at least one decimal, as Python's repr prints it. */
    Buf decimal(long scaled, int scale) {
      long unit = pow10(scale);
      long frac = scaled % unit;
      int digits = scale;
      while (digits > 1 && frac % 10 == 0) {
        frac /= 10;
        digits--;
      }
      dec(scaled / unit);
      room(1 + digits);
      buf[pos++] = '.';
      return padded(frac, digits);
    }

    Buf hex(long v, int digits) {
      room(digits);
      for (int i = digits - 1; i >= 0; i--) {
        buf[pos + i] = HEX[(int) (v & 15)];
        v >>>= 4;
      }
      pos += digits;
      return this;
    }

    /** Hexadecimal without leading zeros, as {@code "%x"}. */
    Buf hexShort(int v) {
      int digits = Math.max(1, (35 - Integer.numberOfLeadingZeros(v)) / 4);
      return hex(v, digits);
    }

    /** ISO-8601 UTC with milliseconds: {@code 2026-01-01T00:00:00.935Z}. */
    Buf timestamp(long epochMs) {
      long d = Math.floorDiv(epochMs, DAY_MS);
      if (d != day) {
        day = d;
        datePrefix = (LocalDate.ofEpochDay(d) + "T").getBytes(StandardCharsets.US_ASCII);
      }
      raw(datePrefix);
      long ms = epochMs - d * DAY_MS;
      padded(ms / 3_600_000, 2);
      room(1);
      buf[pos++] = ':';
      padded(ms / 60_000 % 60, 2);
      room(1);
      buf[pos++] = ':';
      padded(ms / 1000 % 60, 2);
      room(1);
      buf[pos++] = '.';
      padded(ms % 1000, 3);
      room(1);
      buf[pos++] = 'Z';
      return this;
    }

    private void reverse(int i, int j) {
      while (i < j) {
        byte t = buf[i];
        buf[i++] = buf[j];
        buf[j--] = t;
      }
    }

    private static long pow10(int n) {
      long p = 1;
      for (int i = 0; i < n; i++) {
        p *= 10;
      }
      return p;
    }
  }

  private static byte[][] ascii(String... values) {
    byte[][] out = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }
}
