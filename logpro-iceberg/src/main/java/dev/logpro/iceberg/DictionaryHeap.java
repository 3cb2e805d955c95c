package dev.logpro.iceberg;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainFixedLenArrayDictionaryValuesWriter;

/**
 * How much Java heap a parquet-java dictionary writer holds: its distinct values (a {@code Binary} and a copy of the
 * bytes per string, or a primitive hash-map entry) and the ids of the values of its open page. parquet-java keeps
 * these counts in protected fields; they are read here, not reimplemented, so the estimate follows the writer.
 *
 * <p>Per distinct value, measured on JDK 17 with compressed references: a binary entry costs its bytes plus about 80
 * bytes (the {@code Binary} object, the byte array's header and padding, the linked hash map's key, value and links
 * at its load factor); a primitive entry about 32 bytes.
 */
final class DictionaryHeap {
  static final long BINARY_ENTRY = 80;
  static final long PRIMITIVE_ENTRY = 32;

  private static final VarHandle BYTES;
  private static final VarHandle ENCODED;
  private static final MethodHandle SIZE;
  private static final MethodHandle ENCODED_SIZE;

  static {
    try {
      MethodHandles.Lookup lookup =
          MethodHandles.privateLookupIn(DictionaryValuesWriter.class, MethodHandles.lookup());
      BYTES = lookup.findVarHandle(DictionaryValuesWriter.class, "dictionaryByteSize", long.class);
      Class<?> intList = Class.forName("org.apache.parquet.column.values.dictionary.IntList");
      ENCODED = lookup.findVarHandle(DictionaryValuesWriter.class, "encodedValues", intList);
      SIZE = lookup.findVirtual(DictionaryValuesWriter.class, "getDictionarySize", MethodType.methodType(int.class));
      ENCODED_SIZE = MethodHandles.privateLookupIn(intList, MethodHandles.lookup())
          .findVirtual(intList, "size", MethodType.methodType(int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private DictionaryHeap() {}


  /** Bytes of heap {@code writer} holds now. */
  static long of(DictionaryValuesWriter writer) {
    try {
      long bytes = (long) BYTES.get(writer);
      int entries = (int) SIZE.invokeExact(writer);
      Object encoded = ENCODED.get(writer);
      long ids = encoded == null ? 0 : 4L * (int) ENCODED_SIZE.invoke(encoded);
      boolean binary = writer instanceof PlainBinaryDictionaryValuesWriter
          || writer instanceof PlainFixedLenArrayDictionaryValuesWriter;
      return binary ? bytes + entries * BINARY_ENTRY + ids : entries * PRIMITIVE_ENTRY + ids;
    } catch (Throwable e) {
      throw new IllegalStateException("Cannot read the size of a Parquet dictionary", e);
    }
  }
}
