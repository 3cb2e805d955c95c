package dev.logpro.core.transform;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.api.TransformFactory;
import dev.logpro.api.config.Default;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import dev.logpro.core.arrow.Batches;
import dev.logpro.core.arrow.RowJson;
import dev.logpro.core.schema.ColumnType;
import dev.logpro.core.schema.ValueParser;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code timestamp} transform: reads a column as points in time, in UTC microseconds.
 *
 * <p>The policy for zone-less input (a naive timestamp) is declared by {@code timezone}: such a value is the wall
 * clock time in that zone (UTC by default). Where that zone's clocks skip an hour (a time in the gap of a
 * daylight-saving change), the time is moved later by the length of the gap; where they repeat an hour (the overlap),
 * the earlier of the two instants is taken. Input with an offset or {@code Z} keeps its own offset.
 */
public final class TimestampTransformFactory implements TransformFactory<TimestampTransformFactory.Config> {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  private static final Field UTC_MICROS = new Field("ts",
      FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")), null);

  /** The {@code timestamp} transform's configuration. */
  @Doc("Reads a column as timestamps into a timestamptz column (UTC microseconds). A zone-less time is taken as the"
      + " wall clock in `timezone`: in a daylight-saving gap it moves later by the gap, in an overlap the earlier"
      + " instant wins. A value that cannot be read sends its row to the dead-letter queue.")
  public record Config(
      @Doc("The column to read: text, epoch numbers, a date or a timestamp.") @Example("event_time") String column,
      @Doc("How values are written: iso (ISO-8601, with or without an offset), epoch_s, epoch_ms, epoch_us (numbers,"
          + " or text holding them), or a java.time DateTimeFormatter pattern.")
          @Default("iso") @Example("\"dd/MM/yyyy HH:mm:ss\"") String format,
      @Doc("The time zone of zone-less values, as an IANA name or an offset.")
          @Default("UTC") @Example("Europe/Berlin") String timezone,
      @Doc("The column to write; absent: the column read is replaced in place.") @Optional @Example("ts")
          String into) {
    /** A typical use, shown in the reference docs (a test parses it). */
    public static final String EXAMPLE = """
        - type: timestamp
          column: local_time
          format: "yyyy-MM-dd HH:mm:ss"
          timezone: Europe/Berlin
          into: ts
        """;
    public Config {
      if (column == null || column.isBlank()) {
        throw new IllegalArgumentException("column: required");
      }
      format = format == null ? "iso" : format;
      timezone = timezone == null ? "UTC" : timezone;
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("timezone: unknown time zone '" + timezone + "'");
      }
      if (Format.of(format) == Format.PATTERN) {
        try {
          DateTimeFormatter.ofPattern(format, Locale.ROOT);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("format: not iso, epoch_s, epoch_ms, epoch_us or a valid pattern: "
              + e.getMessage());
        }
      }
    }
  }

  private enum Format {
    ISO(0), EPOCH_S(MICROS_PER_SECOND), EPOCH_MS(1000), EPOCH_US(1), PATTERN(0);

    final long microsPerUnit;

    Format(long microsPerUnit) {
      this.microsPerUnit = microsPerUnit;
    }

    static Format of(String text) {
      for (Format f : values()) {
        if (f != PATTERN && f.name().equalsIgnoreCase(text)) {
          return f;
        }
      }
      return PATTERN;
    }

    boolean isEpoch() {
      return microsPerUnit > 0;
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public TimestampTransformFactory() {}

  @Override
  public String type() {
    return "timestamp";
  }

  @Override
  public String description() {
    return "Reads a column (ISO text, epoch numbers or a pattern) as UTC timestamps, with a declared zone for"
        + " zone-less values.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public Transform create(Config config, ComponentContext context) {
    return new ReadTimestamps(config, context.allocator());
  }

  /** Converts one column row by row into a new timestamptz vector. */
  static final class ReadTimestamps implements Transform {
    private final Config config;
    private final Format format;
    private final ZoneId zone;
    private final ZoneOffset fixedOffset;
    private final DateTimeFormatter pattern;
    private final BufferAllocator allocator;

    ReadTimestamps(Config config, BufferAllocator allocator) {
      this.config = config;
      this.format = Format.of(config.format());
      this.zone = ZoneId.of(config.timezone());
      this.fixedOffset = zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
      this.pattern = format == Format.PATTERN ? DateTimeFormatter.ofPattern(config.format(), Locale.ROOT) : null;
      this.allocator = allocator;
    }

    @Override
    public Result apply(VectorSchemaRoot input) {
      Schema schema = input.getSchema();
      int index = CastTransformFactory.indexOf(schema, config.column());
      if (index < 0) {
        throw new IllegalArgumentException("column: no column " + config.column() + " in the batch");
      }
      FieldVector source = input.getVector(index);
      checkType(source.getField().getType());
      String into = config.into() == null ? config.column() : config.into();
      int replaced = CastTransformFactory.indexOf(schema, into);
      int rows = input.getRowCount();
      List<DeadLetter> deadLetters = new ArrayList<>();
      int[] kept = new int[rows];
      int keptCount = 0;
      List<FieldVector> out = new ArrayList<>();
      VectorSchemaRoot converted = null;
      try {
        TimeStampMicroTZVector target = (TimeStampMicroTZVector) new Field(into, UTC_MICROS.getFieldType(), null)
            .createVector(allocator);
        try {
          target.setInitialCapacity(rows);
          target.allocateNew();
          Reader reader = new Reader(source);
          for (int row = 0; row < rows; row++) {
            if (source.isNull(row)) {
              kept[keptCount++] = row;
              continue;
            }
            String error = reader.read(row);
            if (error == null) {
              target.setSafe(row, reader.micros);
              kept[keptCount++] = row;
            } else {
              deadLetters.add(new DeadLetter(RowJson.of(input, row), "column " + config.column() + ": " + error,
                  "transform", null, null, System.currentTimeMillis()));
            }
          }
          target.setValueCount(rows);
        } catch (RuntimeException | Error e) {
          target.close();
          throw e;
        }
        for (int c = 0; c < schema.getFields().size(); c++) {
          if (c != replaced) {
            out.add(Batches.share(input.getVector(c), rows, allocator));
          } else {
            out.add(target);
          }
        }
        if (replaced < 0) {
          out.add(target);
        }
        converted = Batches.root(out, rows);
        out.clear();
        if (keptCount == rows) {
          VectorSchemaRoot result = converted;
          converted = null;
          return new Result(result, deadLetters);
        }
        return new Result(Batches.select(converted, kept, keptCount, allocator), deadLetters);
      } finally {
        Batches.close(converted);
        AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
      }
    }

    private void checkType(ArrowType type) {
      boolean numeric = type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint;
      boolean temporal = type instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.MICROSECOND
          || type instanceof ArrowType.Date;
      if (numeric && !format.isEpoch()) {
        throw new IllegalArgumentException("format: column " + config.column() + " holds numbers; use epoch_s,"
            + " epoch_ms or epoch_us");
      }
      if (!numeric && !temporal && !(type instanceof ArrowType.Utf8)) {
        throw new IllegalArgumentException("column: " + config.column() + " is a " + CastType.name(type)
            + ", not text, a number, a date or a timestamp");
      }
    }

    /** Reads one value into {@link #micros}; keeps per-batch scratch space so that text needs no copy per value. */
    private final class Reader {
      private final FieldVector source;
      private final ValueParser parser = new ValueParser();
      private byte[] scratch = new byte[64];
      long micros;

      Reader(FieldVector source) {
        this.source = source;
      }

      String read(int row) {
        if (source instanceof VarCharVector text) {
          int start = text.getStartOffset(row);
          int length = text.getValueLength(row);
          if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
          }
          text.getDataBuffer().getBytes(start, scratch, 0, length);
          return readText(length);
        } else if (source instanceof BaseIntVector ints) {
          return epoch(ints.getValueAsLong(row));
        } else if (source instanceof Float8Vector f) {
          return epoch(f.get(row));
        } else if (source instanceof Float4Vector f) {
          return epoch(f.get(row));
        } else if (source instanceof DateDayVector date) {
          return local(date.get(row) * MICROS_PER_DAY);
        } else {
          long value = ((TimeStampVector) source).get(row);
          if (((ArrowType.Timestamp) source.getField().getType()).getTimezone() != null) {
            micros = value;
            return null;
          }
          return local(value);
        }
      }

      private String readText(int length) {
        if (format.isEpoch()) {
          if (parser.parseInt64(scratch, 0, length)) {
            return epoch(parser.longValue());
          }
          if (parser.parseFloat64(scratch, 0, length)) {
            return epoch(parser.doubleValue());
          }
          return "cannot read " + quote(length) + " as " + config.format();
        }
        if (format == Format.ISO) {
          ColumnType type = parser.parseTemporal(scratch, 0, length);
          if (type == ColumnType.TIMESTAMP_TZ) {
            micros = parser.longValue();
            return null;
          } else if (type == ColumnType.TIMESTAMP) {
            return local(parser.longValue());
          } else if (type == ColumnType.DATE) {
            return local(parser.longValue() * MICROS_PER_DAY);
          }
          return "cannot read " + quote(length) + " as an ISO-8601 timestamp";
        }
        String text = new String(scratch, 0, length, StandardCharsets.UTF_8);
        try {
          TemporalAccessor parsed = pattern.parse(text);
          if (parsed.isSupported(ChronoField.OFFSET_SECONDS) || parsed.query(java.time.temporal.TemporalQueries.zone()) != null) {
            micros = micros(ZonedDateTime.from(parsed).toInstant());
            return null;
          }
          LocalDateTime local = parsed.isSupported(ChronoField.HOUR_OF_DAY)
              ? LocalDateTime.from(parsed)
              : LocalDate.from(parsed).atStartOfDay();
          return local(local.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + local.getNano() / 1000);
        } catch (DateTimeException e) {
          return "cannot read " + quote(length) + " with pattern " + config.format();
        }
      }

      private String epoch(long value) {
        try {
          micros = Math.multiplyExact(value, format.microsPerUnit);
          return null;
        } catch (ArithmeticException e) {
          return "epoch value " + value + " is out of range";
        }
      }

      private String epoch(double value) {
        double scaled = value * format.microsPerUnit;
        if (Double.isNaN(scaled) || scaled < -0x1p63 || scaled >= 0x1p63) {
          return "epoch value " + value + " is out of range";
        }
        micros = Math.round(scaled);
        return null;
      }

      /** A zone-less wall clock time in microseconds, placed in the configured zone. */
      private String local(long wallMicros) {
        if (fixedOffset != null) {
          micros = wallMicros - fixedOffset.getTotalSeconds() * MICROS_PER_SECOND;
          return null;
        }
        long seconds = Math.floorDiv(wallMicros, MICROS_PER_SECOND);
        long fraction = Math.floorMod(wallMicros, MICROS_PER_SECOND);
        LocalDateTime local = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        ZonedDateTime zoned = ZonedDateTime.ofLocal(local, zone, null);
        micros = zoned.toEpochSecond() * MICROS_PER_SECOND + fraction;
        return null;
      }

      private String quote(int length) {
        return "\"" + new String(scratch, 0, Math.min(length, 80), StandardCharsets.UTF_8) + "\"";
      }
    }
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * MICROS_PER_SECOND + instant.getNano() / 1000;
  }
}
