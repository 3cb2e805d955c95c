package dev.logpro.core.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logpro.api.DeadLetter;
import dev.logpro.api.Transform;
import dev.logpro.core.arrow.Batches;
import dev.logpro.core.arrow.RowJson;
import dev.logpro.core.config.ProcessingConfig.SchemaPolicy;
import dev.logpro.core.schema.ColumnNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Fits each batch to the table's current schema under the pipeline's {@code processing.schema_policy}, the last step
 * before the sink. Columns are matched by name; a table column the batch lacks is null. For a batch column:
 *
 * <ul>
 *   <li>the table's type, or a narrower one the writer widens (int32 into a long column, float into double, a
 *       timestamp of another unit): passed on;
 *   <li>{@code permissive}: a column the table lacks, or a type Iceberg can widen the table's column to (int to long,
 *       float to double, a decimal's precision), is passed on and the sink evolves the table with the rows;
 *   <li>a scalar of another type that converts ({@link ColumnCast}): cast; a value that does not convert sends its row
 *       to the dead-letter queue ({@code strict}, {@code permissive}) or into the row's rescued data ({@code rescue});
 *   <li>{@code strict}: a column the table lacks, or one that cannot be cast, sends the whole batch to the dead-letter
 *       queue, one dead letter per row;
 *   <li>{@code rescue}: a column the table lacks, or one that cannot be cast, is not written; its values go into the
 *       row's rescued data. Every batch carries a {@value #RESCUED} column: a JSON object of what did not fit the
 *       row, or null when everything did.
 * </ul>
 */
public final class ConformToTable {
  /** The column {@code rescue} keeps what does not fit in. */
  public static final String RESCUED = "_rescued_data";
  static final String STAGE = "schema";
  private static final JsonFactory JSON = new JsonFactory();

  private final SchemaPolicy policy;
  private final int maxColumns;
  private final BufferAllocator allocator;
  private Plan plan;

  /**
   * @param maxColumns the most fields the table may have, counted at every nesting level
   *     ({@code processing.max_columns})
   */
  public ConformToTable(SchemaPolicy policy, int maxColumns, BufferAllocator allocator) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.maxColumns = maxColumns;
    this.allocator = allocator;
  }

  /** What happens to one input column. */
  private enum Action { KEEP, CAST, PROJECT, RESCUE, REFUSE }

  /**
   * @param actions per input column
   * @param targets per input column, the field to cast to (for {@link Action#CAST})
   * @param why per input column, why it is rescued or refused
   * @param batchProblem why the whole batch is refused ({@code strict}), or {@code null}
   */
  private record Plan(Schema input, Schema table, Action[] actions, Field[] targets, String[] why,
      String batchProblem, boolean identity) {}

  /**
   * Fits {@code input} to {@code table} (the sink's current schema; {@code null} when there is no table yet, then only
   * {@code rescue}'s column is added).
   *
   * @param input stays the caller's
   * @return the rows to write, {@code input} itself when it fits as it is, else a new batch owned by the caller
   *     ({@code null} when no row remains), and the refused rows
   */
  public Transform.Result apply(VectorSchemaRoot input, Schema table) {
    Plan current = plan(input.getSchema(), table);
    if (current.identity) {
      return new Transform.Result(input, List.of());
    }
    List<DeadLetter> deadLetters = new ArrayList<>();
    if (current.batchProblem != null) {
      for (int row = 0; row < input.getRowCount(); row++) {
        deadLetters.add(deadLetter(input, row, current.batchProblem));
      }
      return new Transform.Result(null, deadLetters);
    }
    return fit(input, current, deadLetters);
  }

  private Transform.Result fit(VectorSchemaRoot input, Plan plan, List<DeadLetter> deadLetters) {
    int rows = input.getRowCount();
    boolean[] refused = new boolean[rows];
    Rescued rescued = policy == SchemaPolicy.RESCUE ? new Rescued(rows) : null;
    List<FieldVector> out = new ArrayList<>();
    VectorSchemaRoot fitted = null;
    try {
      for (int c = 0; c < plan.actions.length; c++) {
        FieldVector vector = input.getVector(c);
        switch (plan.actions[c]) {
          case KEEP -> out.add(Batches.share(vector, rows, allocator));
          case CAST -> out.add(cast(input, vector, plan.targets[c], refused, rescued, deadLetters));
          case PROJECT -> out.add(project((StructVector) vector, plan.targets[c], rows, rescued));
          case RESCUE -> {
            for (int row = 0; row < rows; row++) {
              if (!vector.isNull(row)) {
                rescued.add(row, vector, row);
              }
            }
          }
          case REFUSE -> {
            for (int row = 0; row < rows; row++) {
              if (!refused[row] && !vector.isNull(row)) {
                refused[row] = true;
                deadLetters.add(deadLetter(input, row, plan.why[c]));
              }
            }
          }
        }
      }
      if (rescued != null) {
        out.add(rescued.column(allocator));
      }
      fitted = Batches.root(out, rows);
      out.clear();
      VectorSchemaRoot result = fitted;
      fitted = null;
      return new Transform.Result(Batches.withoutRows(result, refused, allocator), deadLetters);
    } finally {
      Batches.close(fitted);
      AutoCloseables.closeNoChecked(() -> AutoCloseables.close(out));
    }
  }

  private FieldVector cast(VectorSchemaRoot input, FieldVector vector, Field field, boolean[] refused,
      Rescued rescued, List<DeadLetter> deadLetters) {
    return Conversions.column(vector, field, input.getRowCount(), refused, allocator, (row, error) -> {
      if (rescued != null) {
        rescued.add(row, vector, row);
      } else {
        refused[row] = true;
        deadLetters.add(deadLetter(input, row, error));
      }
    });
  }

  /**
   * A struct column in the table's shape ({@code rescue}): the fields the table has are copied, the rest of each
   * row's struct goes into its rescued data under {@code column.field}. Row by row, but only for batches whose structs
   * drifted.
   */
  private FieldVector project(StructVector input, Field wanted, int rows, Rescued rescued) {
    StructVector out = (StructVector) wanted.createVector(allocator);
    try {
      out.setInitialCapacity(rows);
      out.allocateNew();
      List<Field> children = wanted.getChildren();
      TransferPair[] copies = new TransferPair[children.size()];
      for (int i = 0; i < copies.length; i++) {
        FieldVector from = input.getChild(children.get(i).getName());
        if (from != null && fits(from.getField(), children.get(i))) {
          copies[i] = from.makeTransferPair(out.getChildrenFromFields().get(i));
        }
      }
      for (int row = 0; row < rows; row++) {
        if (input.isNull(row)) {
          out.setNull(row);
          continue;
        }
        out.setIndexDefined(row);
        for (int i = 0; i < copies.length; i++) {
          if (copies[i] != null) {
            copies[i].copyValueSafe(row, row);
          }
        }
        for (FieldVector child : input.getChildrenFromFields()) {
          Field kept = find(children, child.getName());
          boolean copied = kept != null && copies[children.indexOf(kept)] != null;
          if (!copied && !child.isNull(row)) {
            rescued.add(row, input.getName() + "." + child.getName(), child, row);
          }
        }
      }
      for (FieldVector child : out.getChildrenFromFields()) {
        child.setValueCount(rows);
      }
      out.setValueCount(rows);
      return out;
    } catch (RuntimeException | Error e) {
      out.close();
      throw e;
    }
  }

  private static DeadLetter deadLetter(VectorSchemaRoot input, int row, String error) {
    return new DeadLetter(RowJson.of(input, row), error, STAGE, null, null, System.currentTimeMillis());
  }

  private Plan plan(Schema input, Schema table) {
    Plan current = plan;
    if (current != null && current.input.equals(input) && Objects.equals(current.table, table)) {
      return current;
    }
    List<Field> fields = input.getFields();
    Action[] actions = new Action[fields.size()];
    Field[] targets = new Field[fields.size()];
    String[] why = new String[fields.size()];
    String batchProblem = null;
    List<Field> columns = new ArrayList<>(table == null ? List.of() : table.getFields());
    Additions additions = new Additions(maxColumns, columns);
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      if (policy == SchemaPolicy.RESCUE && field.getName().equals(RESCUED)) {
        // Rescued data of an earlier step is kept, nested in this row's rescued object.
        actions[i] = Action.RESCUE;
        continue;
      }
      Field wanted = table == null ? null : find(table.getFields(), field.getName());
      boolean adds = table == null || policy == SchemaPolicy.PERMISSIVE;
      String refused = null;
      if (wanted != null && fits(field, wanted)) {
        actions[i] = Action.KEEP;
      } else if (adds && (wanted == null || widens(field, wanted))
          && (refused = additions.admit("", field, wanted, columns)) == null) {
        actions[i] = Action.KEEP;
        if (wanted == null) {
          columns.add(field);
        }
      } else if (refused != null) {
        // A name or a size the table cannot take: the values go where a misfit's go, never into the table.
        why[i] = refused;
        actions[i] = policy == SchemaPolicy.RESCUE ? Action.RESCUE : Action.REFUSE;
      } else if (wanted != null && isScalar(field) && isScalar(wanted)
          && ColumnCast.supports(field.getType(), wanted.getType())) {
        actions[i] = Action.CAST;
        targets[i] = new Field(field.getName(), FieldType.nullable(wanted.getType()), null);
      } else if (wanted != null && policy == SchemaPolicy.RESCUE && field.getType() instanceof ArrowType.Struct
          && wanted.getType() instanceof ArrowType.Struct) {
        actions[i] = Action.PROJECT;
        targets[i] = new Field(field.getName(), FieldType.nullable(ArrowType.Struct.INSTANCE), wanted.getChildren());
      } else {
        why[i] = wanted == null
            ? "column " + field.getName() + " is not in the table's schema"
            : "column " + field.getName() + ": a " + describe(field) + " value cannot be stored in the table's "
                + describe(wanted) + " column";
        switch (policy) {
          case PERMISSIVE -> actions[i] = wanted == null ? Action.KEEP : Action.REFUSE;
          case RESCUE -> actions[i] = Action.RESCUE;
          case STRICT -> {
            actions[i] = Action.REFUSE;
            if (batchProblem == null) {
              batchProblem = "the batch does not fit the table (schema_policy: strict): " + why[i];
            }
          }
        }
      }
    }
    boolean identity = policy != SchemaPolicy.RESCUE && allKept(actions);
    current = new Plan(input, table, actions, targets, why, batchProblem, identity);
    plan = current;
    return current;
  }

  private static boolean allKept(Action[] actions) {
    for (Action action : actions) {
      if (action != Action.KEEP) {
        return false;
      }
    }
    return true;
  }

  private static Field find(List<Field> fields, String name) {
    for (Field field : fields) {
      if (field.getName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  /**
   * Whether values of {@code field} can be written into the table's {@code wanted} column as they are: the same
   * type, or a narrower number, or a timestamp of another unit with the same zone-ness; structs, lists and maps
   * when every child fits.
   */
  static boolean fits(Field field, Field wanted) {
    ArrowType a = field.getType();
    ArrowType b = wanted.getType();
    if (a instanceof ArrowType.Struct && b instanceof ArrowType.Struct) {
      for (Field child : field.getChildren()) {
        Field other = find(wanted.getChildren(), child.getName());
        if (other == null || !fits(child, other)) {
          return false;
        }
      }
      return true;
    }
    if ((a instanceof ArrowType.List && b instanceof ArrowType.List)
        || (a instanceof ArrowType.Map && b instanceof ArrowType.Map)) {
      if (field.getChildren().size() != wanted.getChildren().size()) {
        return false;
      }
      for (int i = 0; i < field.getChildren().size(); i++) {
        Field x = field.getChildren().get(i);
        Field y = wanted.getChildren().get(i);
        if (a instanceof ArrowType.Map ? !fitsChildrenByPosition(x, y) : !fits(x, y)) {
          return false;
        }
      }
      return true;
    }
    if (a.equals(b)) {
      return true;
    }
    if (a instanceof ArrowType.Int x && b instanceof ArrowType.Int y) {
      return x.getIsSigned() && y.getIsSigned() && x.getBitWidth() <= y.getBitWidth();
    }
    if (a instanceof ArrowType.FloatingPoint x && b instanceof ArrowType.FloatingPoint y) {
      return x.getPrecision() == FloatingPointPrecision.SINGLE || x.getPrecision() == y.getPrecision();
    }
    if (a instanceof ArrowType.Timestamp x && b instanceof ArrowType.Timestamp y) {
      return (x.getTimezone() == null) == (y.getTimezone() == null);
    }
    return false;
  }

  private static boolean fitsChildrenByPosition(Field entries, Field wanted) {
    if (entries.getChildren().size() != wanted.getChildren().size()) {
      return false;
    }
    for (int i = 0; i < entries.getChildren().size(); i++) {
      if (!fits(entries.getChildren().get(i), wanted.getChildren().get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the table's column can be widened to hold {@code field} by Iceberg's promotion rules, or (for nested
   * columns) extended with the fields it lacks: what {@code permissive} lets the sink do.
   */
  static boolean widens(Field field, Field wanted) {
    ArrowType a = field.getType();
    ArrowType b = wanted.getType();
    if (a instanceof ArrowType.Int x && b instanceof ArrowType.Int y) {
      return x.getIsSigned() && y.getIsSigned() && x.getBitWidth() == 64 && y.getBitWidth() == 32;
    }
    if (a instanceof ArrowType.FloatingPoint x && b instanceof ArrowType.FloatingPoint y) {
      return x.getPrecision() == FloatingPointPrecision.DOUBLE && y.getPrecision() == FloatingPointPrecision.SINGLE;
    }
    if (a instanceof ArrowType.Decimal x && b instanceof ArrowType.Decimal y) {
      return x.getScale() == y.getScale() && x.getPrecision() > y.getPrecision();
    }
    if (a instanceof ArrowType.Struct && b instanceof ArrowType.Struct) {
      for (Field child : field.getChildren()) {
        Field other = find(wanted.getChildren(), child.getName());
        if (other != null && !fits(child, other) && !widens(child, other)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof ArrowType.List && b instanceof ArrowType.List) {
      Field x = field.getChildren().get(0);
      Field y = wanted.getChildren().get(0);
      return fits(x, y) || widens(x, y);
    }
    return false;
  }

  private static boolean isScalar(Field field) {
    return field.getChildren().isEmpty();
  }

  private static String describe(Field field) {
    return isScalar(field) ? CastType.name(field.getType()) : field.getType().getTypeID().name().toLowerCase();
  }

  /**
   * The columns a batch adds to the table, admitted one by one while names and size allow ({@link ColumnNames}):
   * no name that cannot be a column, none that differs from a neighbour only in case, no dotted path twice, and no
   * more than {@code processing.max_columns} fields in all.
   */
  private static final class Additions {
    private final int maxColumns;
    private final Set<String> paths;
    private int fields;

    Additions(int maxColumns, List<Field> table) {
      this.maxColumns = maxColumns;
      this.paths = ColumnNames.paths(table);
      this.fields = ColumnNames.count(table);
    }

    /**
     * Admits what {@code field} adds to {@code wanted}, the table's column of that name ({@code null}: all of it)
     * among {@code siblings}; {@code null} when it may be added, else why not.
     */
    String admit(String prefix, Field field, Field wanted, List<Field> siblings) {
      String name = prefix + field.getName();
      if (wanted == null) {
        String problem = problem(prefix, field, siblings);
        if (problem != null) {
          return problem;
        }
        Set<String> own = ColumnNames.paths(List.of(field)).stream()
            .map(path -> prefix.toLowerCase(Locale.ROOT) + path).collect(Collectors.toSet());
        if (!Collections.disjoint(own, paths) || own.size() < ColumnNames.count(List.of(field))) {
          return "column " + ColumnNames.quoted(name) + " cannot be added: its dotted path is another column's";
        }
        int size = ColumnNames.count(List.of(field));
        if (fields + size > maxColumns) {
          return "column " + ColumnNames.quoted(name) + " cannot be added: the table would have more than"
              + " processing.max_columns (" + maxColumns + ") fields";
        }
        paths.addAll(own);
        fields += size;
        return null;
      }
      String inner = name + ".";
      if (field.getType() instanceof ArrowType.List && wanted.getType() instanceof ArrowType.List) {
        return admit(inner, field.getChildren().get(0), wanted.getChildren().get(0), List.of());
      }
      if (field.getType() instanceof ArrowType.Struct && wanted.getType() instanceof ArrowType.Struct) {
        List<Field> members = new ArrayList<>(wanted.getChildren());
        for (Field child : field.getChildren()) {
          Field existing = find(wanted.getChildren(), child.getName());
          String problem = admit(inner, child, existing, members);
          if (problem != null) {
            return problem;
          }
          if (existing == null) {
            members.add(child);
          }
        }
      }
      return null;
    }

    /** Why a name in {@code field}, its own or a member's at any depth, cannot be a column; else {@code null}. */
    private static String problem(String prefix, Field field, List<Field> siblings) {
      String problem = ColumnNames.problem(field.getName(), siblings);
      if (problem != null) {
        return "column " + ColumnNames.quoted(prefix + field.getName()) + " cannot be a column: " + problem;
      }
      if (field.getType() instanceof ArrowType.Struct) {
        for (int i = 0; i < field.getChildren().size(); i++) {
          String inner = problem(prefix + field.getName() + ".", field.getChildren().get(i),
              field.getChildren().subList(0, i));
          if (inner != null) {
            return inner;
          }
        }
      } else {
        for (Field child : field.getChildren()) {
          for (Field member : child.getChildren()) {
            String inner = problem(prefix + field.getName() + ".", member, List.of());
            if (inner != null) {
              return inner;
            }
          }
        }
      }
      return null;
    }
  }

  /** What did not fit each row, written as a JSON object per row once every column has been seen. */
  private static final class Rescued {
    private final JsonGenerator[] rows;
    private final ByteArrayOutputStream[] bytes;

    Rescued(int rows) {
      this.rows = new JsonGenerator[rows];
      this.bytes = new ByteArrayOutputStream[rows];
    }

    void add(int row, FieldVector vector, int index) {
      add(row, vector.getName(), vector, index);
    }

    void add(int row, String key, FieldVector vector, int index) {
      try {
        if (rows[row] == null) {
          bytes[row] = new ByteArrayOutputStream();
          rows[row] = JSON.createGenerator(bytes[row]);
          rows[row].writeStartObject();
        }
        rows[row].writeFieldName(key);
        RowJson.writeValue(rows[row], vector, index);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    FieldVector column(BufferAllocator allocator) {
      VarCharVector column = new VarCharVector(RESCUED, allocator);
      try {
        column.allocateNew(rows.length);
        for (int row = 0; row < rows.length; row++) {
          if (rows[row] == null) {
            column.setNull(row);
            continue;
          }
          rows[row].writeEndObject();
          rows[row].close();
          column.setSafe(row, bytes[row].toByteArray());
        }
        column.setValueCount(rows.length);
        return column;
      } catch (IOException e) {
        column.close();
        throw new UncheckedIOException(e);
      } catch (RuntimeException | Error e) {
        column.close();
        throw e;
      }
    }
  }
}
