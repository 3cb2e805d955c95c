package dev.logpro.core.transform;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelParser;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import dev.logpro.core.arrow.RowJson;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A boolean CEL expression over the columns of a batch, as the {@code filter} transform and the {@code expr}
 * validation rule use it. Parsed when the config is read (a syntax error is a config error); compiled and type-checked
 * once per batch schema, against typed declarations of its columns; then evaluated row by row with a variable
 * resolver that reads only the columns the expression names, straight from the vectors (no map per row).
 *
 * <p>Column types: integers are CEL {@code int}, floating point and decimals {@code double}, strings {@code string},
 * booleans {@code bool}, timestamps and dates {@code timestamp} (a date is its midnight UTC; a zone-less timestamp is
 * read as UTC), structs and lists {@code dyn} (a map and a list). Every scalar column is nullable: a null value is
 * CEL's {@code null}, so {@code x == null} tests for it, and any other use of it (a comparison, arithmetic) cannot be
 * evaluated: {@link Outcome#UNKNOWN}, which the filter treats as false, like SQL's WHERE.
 */
public final class CelPredicate {
  private static final CelOptions OPTIONS = CelOptions.current()
      .enableHeterogeneousNumericComparisons(true)
      .enableTimestampEpoch(true)
      .build();
  private static final CelParser PARSER = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS).build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  /** How one row came out. */
  public enum Outcome { TRUE, FALSE, UNKNOWN, ERROR }

  private final String expression;
  private volatile Bound bound;

  private CelPredicate(String expression) {
    this.expression = expression;
  }

  /**
   * Parses {@code expression}.
   *
   * @throws IllegalArgumentException {@code cannot compile CEL: <why>} for a syntax error
   */
  public static CelPredicate parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("cannot compile CEL: the expression is empty");
    }
    CelValidationResult result = PARSER.parse(expression);
    if (result.hasError()) {
      throw new IllegalArgumentException("cannot compile CEL: " + firstIssue(result));
    }
    checkUntyped(result, expression);
    return new CelPredicate(expression);
  }

  /**
   * Type-checks a parsed expression with every name it uses declared {@code dyn}: finds, before any batch is seen,
   * what no schema could make right, such as an unknown function or a result that cannot be a bool
   * ({@code name + 'x'}). A name's own type is checked when the expression is bound to a batch's schema.
   */
  private static void checkUntyped(CelValidationResult parsed, String expression) {
    CelAbstractSyntaxTree ast;
    try {
      ast = parsed.getAst();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException("cannot compile CEL: " + e.getMessage(), e);
    }
    CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setResultType(SimpleType.BOOL);
    CelNavigableAst.fromAst(ast).getRoot().allNodes()
        .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.IDENT)
        .map(node -> node.expr().ident().name())
        .distinct()
        .forEach(name -> builder.addVar(name, SimpleType.DYN));
    CelValidationResult checked = builder.build().compile(expression);
    if (checked.hasError()) {
      throw new IllegalArgumentException("cannot compile CEL: " + firstIssue(checked));
    }
  }

  public String expression() {
    return expression;
  }

  /**
   * The expression compiled for {@code schema}, cached for as long as batches keep that schema.
   *
   * @throws IllegalArgumentException {@code cannot compile CEL: <why>} when it names a column the batch does not have,
   *     misuses a column's type, or is not boolean
   */
  public Bound bind(Schema schema) {
    Bound current = bound;
    if (current != null && current.schema.equals(schema)) {
      return current;
    }
    current = new Bound(schema);
    bound = current;
    return current;
  }

  private static String firstIssue(CelValidationResult result) {
    String text = result.getErrorString();
    String line = text.lines().findFirst().orElse(text);
    return line.replaceFirst("^ERROR: <input>:", "").replace(" (in container '')", "").strip();
  }

  /** The expression compiled against one schema. Thread-safe; each thread evaluates through its own {@link Rows}. */
  public final class Bound {
    private final Schema schema;
    private final CelRuntime.Program program;
    private final Map<String, Integer> columns = new HashMap<>();

    private Bound(Schema schema) {
      this.schema = schema;
      CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setResultType(SimpleType.BOOL);
      List<Field> fields = schema.getFields();
      for (int i = 0; i < fields.size(); i++) {
        CelType type = celType(fields.get(i).getType());
        if (type != null) {
          builder.addVar(fields.get(i).getName(), type);
          columns.put(fields.get(i).getName(), i);
        }
      }
      CelCompiler compiler = builder.build();
      CelValidationResult result = compiler.compile(expression);
      if (result.hasError()) {
        throw new IllegalArgumentException("cannot compile CEL: " + firstIssue(result));
      }
      try {
        CelAbstractSyntaxTree ast = result.getAst();
        this.program = RUNTIME.createProgram(ast);
      } catch (CelValidationException | CelEvaluationException e) {
        throw new IllegalArgumentException("cannot compile CEL: " + e.getMessage(), e);
      }
    }

    /** An evaluator over the rows of {@code root} (which must have this schema), for one thread. */
    public Rows over(VectorSchemaRoot root) {
      return new Rows(root);
    }

    /** Evaluates rows of one batch; keeps the last error for {@link #error()}. */
    public final class Rows implements CelVariableResolver {
      private final VectorSchemaRoot root;
      private int row;
      private boolean sawNull;
      private String error;

      private Rows(VectorSchemaRoot root) {
        this.root = root;
      }

      public Outcome test(int row) {
        this.row = row;
        this.sawNull = false;
        try {
          Object result = program.eval(this);
          return Boolean.TRUE.equals(result) ? Outcome.TRUE : Outcome.FALSE;
        } catch (CelEvaluationException e) {
          if (sawNull) {
            return Outcome.UNKNOWN;
          }
          error = e.getMessage().replaceFirst("^evaluation error at <input>:", "at ");
          return Outcome.ERROR;
        }
      }

      /** Why the last {@link Outcome#ERROR} happened. */
      public String error() {
        return error;
      }

      @Override
      public Optional<Object> find(String name) {
        Integer index = columns.get(name);
        if (index == null) {
          return Optional.empty();
        }
        FieldVector vector = root.getVector(index);
        if (vector.isNull(row)) {
          sawNull = true;
          return Optional.of(NullValue.NULL_VALUE);
        }
        return Optional.of(value(vector, row));
      }
    }
  }

  /** The CEL type of a column, or {@code null} for a type expressions cannot use. */
  private static CelType celType(ArrowType type) {
    if (type instanceof ArrowType.Int) {
      return NullableType.create(SimpleType.INT);
    } else if (type instanceof ArrowType.FloatingPoint || type instanceof ArrowType.Decimal) {
      return NullableType.create(SimpleType.DOUBLE);
    } else if (type instanceof ArrowType.Utf8) {
      return NullableType.create(SimpleType.STRING);
    } else if (type instanceof ArrowType.Bool) {
      return NullableType.create(SimpleType.BOOL);
    } else if (type instanceof ArrowType.Timestamp t && t.getUnit() == org.apache.arrow.vector.types.TimeUnit.MICROSECOND
        || type instanceof ArrowType.Date d && d.getUnit() == org.apache.arrow.vector.types.DateUnit.DAY) {
      return SimpleType.TIMESTAMP;
    } else if (type instanceof ArrowType.Struct || type instanceof ArrowType.List) {
      return SimpleType.DYN;
    }
    return null;
  }

  /** The CEL value of a non-null cell. */
  static Object value(ValueVector vector, int row) {
    if (vector instanceof BigIntVector v) {
      return v.get(row);
    } else if (vector instanceof IntVector v) {
      return (long) v.get(row);
    } else if (vector instanceof SmallIntVector v) {
      return (long) v.get(row);
    } else if (vector instanceof TinyIntVector v) {
      return (long) v.get(row);
    } else if (vector instanceof Float8Vector v) {
      return v.get(row);
    } else if (vector instanceof Float4Vector v) {
      return (double) v.get(row);
    } else if (vector instanceof DecimalVector v) {
      BigDecimal decimal = v.getObject(row);
      return decimal.doubleValue();
    } else if (vector instanceof VarCharVector v) {
      return new String(v.get(row), java.nio.charset.StandardCharsets.UTF_8);
    } else if (vector instanceof BitVector v) {
      return v.get(row) != 0;
    } else if (vector instanceof TimeStampVector v) {
      return RowJson.instant(v.get(row));
    } else if (vector instanceof DateDayVector v) {
      return LocalDate.ofEpochDay(v.get(row)).atStartOfDay().toInstant(ZoneOffset.UTC);
    } else if (vector instanceof StructVector struct) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (String name : struct.getChildFieldNames()) {
        ValueVector child = struct.getChild(name);
        map.put(name, child.isNull(row) ? NullValue.NULL_VALUE : value(child, row));
      }
      return map;
    } else if (vector instanceof ListVector list) {
      List<Object> values = new ArrayList<>();
      ValueVector elements = list.getDataVector();
      for (int i = list.getElementStartIndex(row); i < list.getElementEndIndex(row); i++) {
        values.add(elements.isNull(i) ? NullValue.NULL_VALUE : value(elements, i));
      }
      return values;
    }
    throw new IllegalArgumentException("Cannot use column " + vector.getName() + " in CEL: unsupported type "
        + vector.getField().getType());
  }
}
