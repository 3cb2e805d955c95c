package dev.logpro.core.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The type of one JSON value position (a key, the elements of an array) inferred from the values seen there: a scalar
 * {@link ColumnType}, a struct of the union of the keys seen (in first-seen order), or a list of the widest element
 * type. Values of conflicting kinds (an object here, a number there) make the position a string holding JSON text.
 */
public final class InferredType {

  /** The name Arrow lists give their element field here, as Iceberg's Arrow schemas do. */
  public static final String LIST_ELEMENT = "element";

  private enum Kind { UNKNOWN, SCALAR, STRUCT, LIST }

  private Kind kind = Kind.UNKNOWN;
  private ColumnType scalar;
  private Map<String, InferredType> fields;
  private InferredType element;

  /** An empty object type, the root of a JSON schema: {@link #toSchema()} turns its fields into columns. */
  public static InferredType root() {
    InferredType root = new InferredType();
    root.observeObject();
    return root;
  }

  /** Records a scalar value of the given type here. */
  public void observeScalar(ColumnType type) {
    switch (kind) {
      case UNKNOWN -> {
        kind = Kind.SCALAR;
        scalar = type;
      }
      case SCALAR -> scalar = ColumnType.widen(scalar, type);
      default -> becomeString();
    }
  }

  /** Records an object here; returns {@code false} if this position already holds other kinds (it is a string now). */
  public boolean observeObject() {
    if (kind == Kind.UNKNOWN) {
      kind = Kind.STRUCT;
      fields = new LinkedHashMap<>();
    } else if (kind != Kind.STRUCT) {
      becomeString();
    }
    return kind == Kind.STRUCT;
  }

  /** The type of key {@code name} of the object here; call after {@link #observeObject()} returned {@code true}. */
  public InferredType field(String name) {
    return fields.computeIfAbsent(name, k -> new InferredType());
  }

  /** Records an array here and returns its element type, or {@code null} if this position is a string now. */
  public InferredType observeArray() {
    if (kind == Kind.UNKNOWN) {
      kind = Kind.LIST;
      element = new InferredType();
    } else if (kind != Kind.LIST) {
      becomeString();
    }
    return kind == Kind.LIST ? element : null;
  }

  private void becomeString() {
    kind = Kind.SCALAR;
    scalar = ColumnType.STRING;
    fields = null;
    element = null;
  }

  /**
   * The nullable Arrow field for this position. Positions that only held nulls, and objects that never had a key,
   * become strings.
   */
  public Field toField(String name) {
    return switch (kind) {
      case UNKNOWN -> ColumnType.STRING.field(name);
      case SCALAR -> scalar.field(name);
      case STRUCT -> fields.isEmpty()
          ? ColumnType.STRING.field(name)
          : new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), childFields());
      case LIST -> new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(element.toField(LIST_ELEMENT)));
    };
  }

  /** The schema whose columns are this object type's fields. */
  public Schema toSchema() {
    return new Schema(kind == Kind.STRUCT ? childFields() : List.of());
  }

  private List<Field> childFields() {
    List<Field> children = new ArrayList<>(fields.size());
    fields.forEach((name, type) -> children.add(type.toField(name)));
    return children;
  }
}
