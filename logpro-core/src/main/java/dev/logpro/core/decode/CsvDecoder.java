package dev.logpro.core.decode;

import dev.logpro.api.ComponentContext;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.RawMessage;
import dev.logpro.core.schema.ColumnNames;
import dev.logpro.core.schema.ColumnType;
import dev.logpro.core.schema.ValueParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decodes CSV records straight from bytes into Arrow vectors. Columns are matched to the schema (the target table's,
 * or one inferred from the first rows) by header name; a record that does not fit becomes a dead letter whole.
 */
final class CsvDecoder extends RecordDecoder {

  private final CsvSyntax syntax;
  private final boolean header;
  private final List<String> configuredColumns;
  private final byte[] nullValue;
  private final CsvRecordReader reader;
  private final CsvRecordReader headerReader;
  private final ValueParser parser = new ValueParser();
  private List<String> firstRecordNames;
  private RawMessage firstRecordMessage;
  private String cachedHeaderText;
  private List<String> cachedHeaderNames;
  private List<String> mappedNames;
  private int[] mappedColumnFields;

  CsvDecoder(CsvDecoderFactory.Config config, ComponentContext context) {
    super(context, context.targetSchema().map(CsvDecoder::checkSupported).orElse(null));
    this.syntax = CsvSyntax.of(single("delimiter", config.delimiter()), single("quote", config.quote()));
    this.header = config.header();
    this.configuredColumns = config.columns() == null || config.columns().isEmpty() ? null : config.columns();
    this.nullValue = (config.null_value() == null ? "" : config.null_value()).getBytes(StandardCharsets.UTF_8);
    this.reader = new CsvRecordReader(syntax);
    this.headerReader = new CsvRecordReader(syntax);
  }

  private static char single(String name, String value) {
    if (value == null || value.length() != 1) {
      throw new IllegalArgumentException(
          "Cannot configure the csv decoder: " + name + " must be one character, not '" + value + "'");
    }
    return value.charAt(0);
  }

  private static Schema checkSupported(Schema target) {
    for (Field field : target.getFields()) {
      if (!TextColumn.supports(field.getType())) {
        throw new IllegalArgumentException("Cannot decode CSV into column " + field.getName() + ": type "
            + field.getType() + " cannot be read from text (use int, long, float, double, boolean, date, timestamp"
            + " or string)");
      }
    }
    return target;
  }

  @Override
  int decodeInto(VectorSchemaRoot root, List<RawMessage> messages, List<DeadLetter> deadLetters,
      List<RawMessage> misfits) {
    TextColumn[] columns = new TextColumn[root.getFieldVectors().size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = TextColumn.forVector(root.getVector(c), parser);
    }
    int rows = 0;
    for (RawMessage message : messages) {
      rows = decodeMessage(message, columns, rows, deadLetters, misfits);
    }
    return rows;
  }

  private int decodeMessage(RawMessage message, TextColumn[] columns, int row, List<DeadLetter> deadLetters,
      List<RawMessage> misfits) {
    Layout layout = layout(message);
    if (layout.names == null) {
      return row;
    }
    int[] columnFields = columnFields(layout.names);
    String problem = layout.problem;
    String unknown = problem == null ? unknownColumns(layout.names) : null;
    byte[] data = message.data();
    int end = message.offset() + message.length();
    int pos = layout.dataStart;
    while (pos < end) {
      int recordStart = pos;
      pos = reader.read(data, pos, end);
      String error = reader.error();
      if (error == null && reader.contentEnd() == recordStart) {
        continue; // a blank line
      }
      if (error == null) {
        error = problem;
      }
      if (error == null && reader.fieldCount() != layout.names.size()) {
        error = "expected " + layout.names.size() + " fields but found " + reader.fieldCount();
      }
      if (error != null) {
        deadLetters.add(DeadLetters.of(message, recordStart, reader.contentEnd(), error));
        continue;
      }
      String misfit = unknown != null ? unknown : writeRow(columns, columnFields, row);
      if (misfit != null) {
        misfit(message, recordStart, reader.contentEnd(), misfit, deadLetters, misfits);
        continue;
      }
      row++;
    }
    return row;
  }

  /**
   * Writes every value of the current record into its column at {@code row}, as it goes; an error message if one does
   * not parse. The values before it stay written, but the row is not counted: the next record overwrites them, or the
   * batch ends before them.
   */
  private String writeRow(TextColumn[] columns, int[] columnFields, int row) {
    for (int c = 0; c < columns.length; c++) {
      int f = columnFields[c];
      TextColumn column = columns[c];
      if (f < 0 || isNull(f, column.holdsText())) {
        column.writeNull(row);
      } else if (!column.put(reader.bytes(f), reader.start(f), reader.length(f), row)) {
        return "column " + schema.getFields().get(c).getName() + ": "
            + column.rejection(reader.bytes(f), reader.start(f), reader.length(f));
      }
    }
    return null;
  }

  /** Whether field {@code f} is null: the unquoted null text, or empty in a column that does not hold text. */
  private boolean isNull(int f, boolean text) {
    int length = reader.length(f);
    if (length == 0 && !text) {
      return true;
    }
    return !reader.quoted(f) && length == nullValue.length
        && Arrays.equals(reader.bytes(f), reader.start(f), reader.start(f) + length, nullValue, 0, length);
  }

  /**
   * Why rows with these columns cannot be written whole: some are not in the schema (a table created before, or the
   * inferred one). {@code null} when every column has a place. Such rows are misfits: the schema grows to take them
   * when the policy allows, else they go to the dead-letter queue rather than lose the values that have nowhere to go.
   */
  private String unknownColumns(List<String> names) {
    if (schema == null) {
      return null;
    }
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      if (schema.getFields().stream().noneMatch(f -> f.getName().equals(name))) {
        String problem = ColumnNames.problem(name, schema.getFields());
        if (problem != null) {
          return "column " + ColumnNames.quoted(name) + " cannot be a column: " + problem;
        }
        unknown.add(name);
      }
    }
    return unknown.isEmpty() ? null : "column" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
        + (unknown.size() == 1 ? " is" : " are") + " not in the table's schema";
  }

  /** For each schema column, the index of the input field holding it, or -1. */
  private int[] columnFields(List<String> names) {
    if (names != mappedNames) {
      List<Field> fields = schema == null ? List.of() : schema.getFields();
      mappedColumnFields = new int[fields.size()];
      for (int c = 0; c < fields.size(); c++) {
        mappedColumnFields[c] = names.indexOf(fields.get(c).getName());
      }
      mappedNames = names;
    }
    return mappedColumnFields;
  }

  @Override
  Schema inferFrom(List<RawMessage> messages, int limit) {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    int rows = 0;
    for (RawMessage message : messages) {
      Layout layout = layout(message);
      if (layout.names == null || layout.problem != null) {
        continue;
      }
      for (String name : layout.names) {
        types.putIfAbsent(name, null);
      }
      int end = message.offset() + message.length();
      int pos = layout.dataStart;
      while (pos < end && rows < limit) {
        int recordStart = pos;
        pos = reader.read(message.data(), pos, end);
        if (reader.error() != null || reader.contentEnd() == recordStart
            || reader.fieldCount() != layout.names.size()) {
          continue;
        }
        for (int f = 0; f < reader.fieldCount(); f++) {
          if (!isNull(f, true)) {
            String name = layout.names.get(f);
            types.put(name, ColumnType.widen(types.get(name), parser.classify(reader.bytes(f), reader.start(f),
                reader.length(f))));
          }
        }
        rows++;
      }
    }
    if (rows == 0) {
      return null;
    }
    List<Field> fields = new ArrayList<>(types.size());
    types.forEach((name, type) -> fields.add((type == null ? ColumnType.STRING : type).field(name)));
    return new Schema(fields);
  }

  @Override
  void schemaChanged() {
    mappedNames = null;
  }

  /**
   * The column names of a message's records and where its first data record starts: the configured columns, else the
   * header the source cut off the message ({@link RawMessage#CSV_HEADER}), else the first record this decoder ever saw
   * (the header, or with {@code header: false} its width gives {@code column_1}, {@code column_2}...).
   */
  private Layout layout(RawMessage message) {
    byte[] data = message.data();
    int start = message.offset() + Framing.bomLength(data, message.offset(), message.length());
    if (configuredColumns != null) {
      return new Layout(configuredColumns, start);
    }
    String headerText = message.headers().get(RawMessage.CSV_HEADER);
    if (headerText != null) {
      return new Layout(headerNames(headerText), start);
    }
    if (firstRecordNames != null && message != firstRecordMessage) {
      return new Layout(firstRecordNames, start);
    }
    int end = message.offset() + message.length();
    int pos = start;
    while (pos < end) {
      int recordStart = pos;
      pos = headerReader.read(data, pos, end);
      if (headerReader.contentEnd() > recordStart) {
        firstRecordNames = names(headerReader, header);
        firstRecordMessage = message;
        return new Layout(firstRecordNames, header ? pos : recordStart);
      }
    }
    return new Layout(null, end);
  }

  private List<String> headerNames(String text) {
    if (!text.equals(cachedHeaderText)) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      int bom = Framing.bomLength(bytes, 0, bytes.length);
      headerReader.read(bytes, bom, bytes.length);
      cachedHeaderNames = names(headerReader, true);
      cachedHeaderText = text;
    }
    return cachedHeaderNames;
  }

  /**
   * The names a header record gives its columns, or generated names for its width. A header that cannot be a column
   * name ({@link ColumnNames}: empty, a control character, too long) is {@code column_N}, N its position from 1; one
   * that repeats an earlier header, ignoring case, gets {@code _N} appended. So every value of the file has a column.
   */
  private static List<String> names(CsvRecordReader record, boolean isHeader) {
    List<String> names = new ArrayList<>(record.fieldCount());
    Set<String> taken = new HashSet<>();
    for (int f = 0; f < record.fieldCount(); f++) {
      String name = isHeader
          ? new String(record.bytes(f), record.start(f), record.length(f), StandardCharsets.UTF_8).strip()
          : "";
      if (ColumnNames.problem(name) != null) {
        name = "column_" + (f + 1);
      }
      while (!taken.add(name.toLowerCase(Locale.ROOT))) {
        name = name + "_" + (f + 1);
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /** The column names of a message's records, and where in {@code data} its first data record starts. */
  /**
   * @param names the column names, or {@code null} when the message holds no record
   * @param dataStart where the first data record starts
   * @param problem why no record of the message can be decoded (an unreadable header), or {@code null}
   */
  private record Layout(List<String> names, int dataStart, String problem) {
    Layout(List<String> names, int dataStart) {
      this(names, dataStart, names != null && names.stream().anyMatch(n -> n.indexOf('\uFFFD') >= 0)
          ? "the header record is not valid UTF-8, so no record under it can be read" : null);
    }
  }
}
