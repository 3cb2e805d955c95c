package dev.logpro.formats.protobuf;

/** Bytes that are not a valid message of the configured type: the message is a dead letter. */
final class MalformedProtobufException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedProtobufException(String message) {
    super(message, null, false, false);
  }
}
