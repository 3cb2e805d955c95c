package dev.logpro.core.source.file;

import java.lang.reflect.RecordComponent;

/**
 * Reads one option of the decoder's config record by name (CSV {@code header}, {@code delimiter}, {@code quote}), so
 * the file source frames records as the decoder will read them without depending on any one decoder's classes.
 */
final class DecoderOption {
  private DecoderOption() {}

  /** The option's value, or {@code null} when the record has no such option. */
  static Object read(Record options, String name) {
    if (options == null) {
      return null;
    }
    for (RecordComponent component : options.getClass().getRecordComponents()) {
      if (component.getName().equals(name)) {
        try {
          component.getAccessor().setAccessible(true);
          return component.getAccessor().invoke(options);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("Cannot read decoder option " + name + ": " + e.getMessage(), e);
        }
      }
    }
    return null;
  }
}
