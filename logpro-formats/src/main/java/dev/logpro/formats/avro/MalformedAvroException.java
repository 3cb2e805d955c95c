package dev.logpro.formats.avro;

/** Avro data that does not follow its schema or the binary encoding: the block holding it is a dead letter. */
final class MalformedAvroException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedAvroException(String message) {
    super(message, null, false, false);
  }
}
