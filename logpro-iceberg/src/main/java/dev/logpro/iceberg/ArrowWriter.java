package dev.logpro.iceberg;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * One step on the path from a top-level Arrow vector down to one Parquet leaf column: optional or required field,
 * struct member, list or map, map key or value, and finally the {@link LeafWriters.Leaf} itself. Each leaf column
 * has its own chain, so a column is written on its own, for all rows, with the repetition and definition levels of
 * Iceberg's {@code ParquetValueWriters}.
 */
abstract class ArrowWriter {

  /** Writes the (non-null) value at {@code index} of the bound vector, starting at repetition level {@code rl}. */
  abstract void write(int rl, int index);

  /** Writes a null at definition level {@code dl} into the leaf column. */
  abstract void writeNull(int rl, int dl);

  /** Points this writer at {@code vector}, or at nothing ({@code null}) between batches. */
  abstract void bind(ValueVector vector);

  /** Whether the row at {@code index} is null according to the validity bitmap {@code validity}. */
  static boolean isNull(ArrowBuf validity, int index) {
    return ((validity.getByte(index >>> 3) >>> (index & 7)) & 1) == 0;
  }

  /** A step with one child on the way to the leaf. */
  abstract static class Step extends ArrowWriter {
    final ArrowWriter child;

    Step(ArrowWriter child) {
      this.child = child;
    }

    @Override
    void writeNull(int rl, int dl) {
      child.writeNull(rl, dl);
    }
  }

  /**
   * An optional field: a null (or a missing vector) is written at one definition level below the field's. Nulls are
   * read from the validity bitmap directly, not through {@code isNull}, which is a megamorphic call per value.
   */
  static final class Optional extends Step {
    private final int definitionLevel;
    private ArrowBuf validity;
    private boolean missing;

    Optional(int definitionLevel, ArrowWriter inner) {
      super(inner);
      this.definitionLevel = definitionLevel;
    }

    @Override
    void write(int rl, int index) {
      if (missing || isNull(validity, index)) {
        child.writeNull(rl, definitionLevel - 1);
      } else {
        child.write(rl, index);
      }
    }

    @Override
    void bind(ValueVector vector) {
      this.missing = vector == null || vector instanceof NullVector;
      this.validity = missing ? null : vector.getValidityBuffer();
      child.bind(missing ? null : vector);
    }

    /** The validity bitmap of the bound vector, or {@code null} when every value is null. */
    ArrowBuf validity() {
      return validity;
    }

    boolean missing() {
      return missing;
    }

    int definitionLevel() {
      return definitionLevel;
    }
  }

  /** A required field: a null is an error, not data. */
  static final class Required extends Step {
    private final String name;
    private ValueVector vector;

    Required(String name, ArrowWriter inner) {
      super(inner);
      this.name = name;
    }

    @Override
    void write(int rl, int index) {
      if (vector == null || vector.isNull(index)) {
        throw new IllegalArgumentException("Cannot write null into required field " + name);
      }
      child.write(rl, index);
    }

    @Override
    void bind(ValueVector newVector) {
      this.vector = newVector;
      child.bind(newVector);
    }
  }

  /** A struct member, found by name in the Arrow struct; it shares the struct's row index. */
  static final class Member extends Step {
    private final String name;

    Member(String name, ArrowWriter field) {
      super(field);
      this.name = name;
    }

    @Override
    void write(int rl, int index) {
      child.write(rl, index);
    }

    @Override
    void bind(ValueVector vector) {
      StructVector struct = vector == null ? null : Vectors.expect(vector, StructVector.class, "struct");
      child.bind(struct == null ? null : struct.getChild(name));
    }
  }

  /**
   * A list, or a map as a list of entries: the 3-level Parquet layout, where the repeated group's levels decide
   * empty lists and element boundaries, as in Iceberg's {@code RepeatedWriter}.
   */
  static final class Repeated extends Step {
    private final int repeatedDefinitionLevel;
    private final int repeatedRepetitionLevel;
    private ListVector list;

    Repeated(int repeatedDefinitionLevel, int repeatedRepetitionLevel, ArrowWriter element) {
      super(element);
      this.repeatedDefinitionLevel = repeatedDefinitionLevel;
      this.repeatedRepetitionLevel = repeatedRepetitionLevel;
    }

    @Override
    void write(int rl, int index) {
      int start = list.getElementStartIndex(index);
      int end = list.getElementEndIndex(index);
      if (start == end) {
        child.writeNull(rl, repeatedDefinitionLevel - 1);
        return;
      }
      child.write(rl, start);
      for (int i = start + 1; i < end; i++) {
        child.write(repeatedRepetitionLevel, i);
      }
    }

    @Override
    void bind(ValueVector vector) {
      this.list = vector == null ? null : Vectors.expect(vector, ListVector.class, "list or map");
      child.bind(list == null ? null : list.getDataVector());
    }
  }

  /** The key (ordinal 0) or value (ordinal 1) of a map entry, at the entry's index. */
  static final class Entry extends Step {
    private final int ordinal;

    Entry(int ordinal, ArrowWriter field) {
      super(field);
      this.ordinal = ordinal;
    }

    @Override
    void write(int rl, int index) {
      child.write(rl, index);
    }

    @Override
    void bind(ValueVector vector) {
      StructVector entries = vector == null ? null : Vectors.expect(vector, StructVector.class, "map entries");
      child.bind(entries == null ? null : entries.getChildByOrdinal(ordinal));
    }
  }
}
