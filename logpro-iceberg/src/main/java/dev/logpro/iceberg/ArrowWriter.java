package dev.logpro.iceberg;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.parquet.column.ColumnWriteStore;

/**
 * Writes one Parquet field from an Arrow vector: the Arrow counterpart of Iceberg's {@code ParquetValueWriter}, but
 * addressed by row index so that no value is ever boxed. A writer is built per file from the Parquet schema and
 * bound to each batch's vectors in turn.
 */
abstract class ArrowWriter {

  /** Writes the (non-null) value at {@code index} of the bound vector, starting at repetition level {@code rl}. */
  abstract void write(int rl, int index);

  /** Points this writer at {@code vector}, or at nothing ({@code null}) between batches. */
  abstract void bind(ValueVector vector);

  abstract List<TripleWriter<?>> columns();

  abstract void setColumnStore(ColumnWriteStore store);

  Stream<FieldMetrics<?>> metrics() {
    return Stream.empty();
  }

  /** Writes a null at definition level {@code dl} in every leaf column under this writer. */
  static void writeNulls(TripleWriter<?>[] columns, int rl, int dl) {
    for (TripleWriter<?> column : columns) {
      column.writeNull(rl, dl);
    }
  }

  /** Base of writers with children: columns, stores and metrics are theirs. */
  abstract static class Parent extends ArrowWriter {
    final ArrowWriter[] children;
    final TripleWriter<?>[] columns;

    Parent(List<ArrowWriter> children) {
      this.children = children.toArray(new ArrowWriter[0]);
      List<TripleWriter<?>> all = new ArrayList<>();
      for (ArrowWriter child : children) {
        all.addAll(child.columns());
      }
      this.columns = all.toArray(new TripleWriter<?>[0]);
    }

    @Override
    List<TripleWriter<?>> columns() {
      return List.of(columns);
    }

    @Override
    void setColumnStore(ColumnWriteStore store) {
      for (ArrowWriter child : children) {
        child.setColumnStore(store);
      }
    }

    @Override
    Stream<FieldMetrics<?>> metrics() {
      return Stream.of(children).flatMap(ArrowWriter::metrics);
    }
  }

  /**
   * An optional field: a null (or a missing vector) is written at one definition level below the field's. Nulls are
   * read from the validity bitmap directly, not through {@code isNull}, which is a megamorphic call per value.
   */
  static final class Optional extends Parent {
    private final int definitionLevel;
    private final String name;
    private ArrowBuf validity;
    private ValueVector vector;

    Optional(String name, int definitionLevel, ArrowWriter inner) {
      super(List.of(inner));
      this.name = name;
      this.definitionLevel = definitionLevel;
    }

    @Override
    void write(int rl, int index) {
      boolean isNull;
      if (validity != null) {
        isNull = ((validity.getByte(index >>> 3) >>> (index & 7)) & 1) == 0;
      } else {
        isNull = vector == null || vector.isNull(index);
      }
      if (isNull) {
        writeNulls(columns, rl, definitionLevel - 1);
      } else {
        children[0].write(rl, index);
      }
    }

    @Override
    void bind(ValueVector newVector) {
      this.vector = newVector;
      this.validity = newVector == null || newVector instanceof NullVector ? null : newVector.getValidityBuffer();
      children[0].bind(newVector);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A required field: a null is an error, not data. */
  static final class Required extends Parent {
    private final String name;
    private ValueVector vector;

    Required(String name, ArrowWriter inner) {
      super(List.of(inner));
      this.name = name;
    }

    @Override
    void write(int rl, int index) {
      if (vector == null || vector.isNull(index)) {
        throw new IllegalArgumentException("Cannot write null into required field " + name);
      }
      children[0].write(rl, index);
    }

    @Override
    void bind(ValueVector newVector) {
      this.vector = newVector;
      children[0].bind(newVector);
    }
  }

  /** A struct: its fields share the struct's row index; they are found by name in the Arrow struct. */
  static final class Struct extends Parent {
    private final String[] names;

    Struct(List<String> names, List<ArrowWriter> fields) {
      super(fields);
      this.names = names.toArray(new String[0]);
    }

    @Override
    void write(int rl, int index) {
      for (ArrowWriter child : children) {
        child.write(rl, index);
      }
    }

    @Override
    void bind(ValueVector vector) {
      StructVector struct = vector == null ? null : Vectors.expect(vector, StructVector.class, "struct");
      for (int i = 0; i < children.length; i++) {
        children[i].bind(struct == null ? null : struct.getChild(names[i]));
      }
    }
  }

  /**
   * A list, or a map as a list of entries: the 3-level Parquet layout, where the repeated group's levels decide
   * empty lists and element boundaries, as in Iceberg's {@code RepeatedWriter}.
   */
  static final class Repeated extends Parent {
    private final int repeatedDefinitionLevel;
    private final int repeatedRepetitionLevel;
    private ListVector list;

    Repeated(int repeatedDefinitionLevel, int repeatedRepetitionLevel, ArrowWriter element) {
      super(List.of(element));
      this.repeatedDefinitionLevel = repeatedDefinitionLevel;
      this.repeatedRepetitionLevel = repeatedRepetitionLevel;
    }

    @Override
    void write(int rl, int index) {
      int start = list.getElementStartIndex(index);
      int end = list.getElementEndIndex(index);
      if (start == end) {
        writeNulls(columns, rl, repeatedDefinitionLevel - 1);
        return;
      }
      ArrowWriter element = children[0];
      element.write(rl, start);
      for (int i = start + 1; i < end; i++) {
        element.write(repeatedRepetitionLevel, i);
      }
    }

    @Override
    void bind(ValueVector vector) {
      this.list = vector == null ? null : Vectors.expect(vector, ListVector.class, "list or map");
      children[0].bind(list == null ? null : list.getDataVector());
    }
  }

  /** A map entry: key and value, at the entry's index, bound to the entries struct's two children in order. */
  static final class Entry extends Parent {
    Entry(ArrowWriter key, ArrowWriter value) {
      super(List.of(key, value));
    }

    @Override
    void write(int rl, int index) {
      children[0].write(rl, index);
      children[1].write(rl, index);
    }

    @Override
    void bind(ValueVector vector) {
      StructVector entries = vector == null ? null : Vectors.expect(vector, StructVector.class, "map entries");
      children[0].bind(entries == null ? null : entries.getChildByOrdinal(0));
      children[1].bind(entries == null ? null : entries.getChildByOrdinal(1));
    }
  }
}
