package dev.logpro.core.dlq;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logpro.api.DeadLetter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One dead letter as one JSON line of a file dead-letter queue: {@code raw} (the text when it is valid UTF-8, else
 * null), {@code raw_base64} (the exact bytes), {@code error}, {@code stage}, {@code source}, {@code position},
 * {@code timestamp}, {@code pipeline}; {@code headers} when the record needs some to be decoded again (a CSV header);
 * {@code replay_batch}, {@code replay_ordinal} and {@code replay_failed} while a replay holds it.
 */
final class DeadLetterLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetterLines() {}

  static void write(JsonGenerator json, StoredDeadLetter stored) throws IOException {
    DeadLetter letter = stored.letter();
    json.writeStartObject();
    json.writeStringField("raw", utf8OrNull(letter.raw()));
    json.writeStringField("raw_base64", Base64.getEncoder().encodeToString(letter.raw()));
    json.writeStringField("error", letter.error());
    json.writeStringField("stage", letter.stage());
    json.writeStringField("source", letter.source());
    json.writeStringField("position", letter.position());
    json.writeStringField("timestamp", Instant.ofEpochMilli(letter.timestampMillis()).toString());
    json.writeStringField("pipeline", stored.pipeline());
    if (!letter.headers().isEmpty()) {
      json.writeObjectFieldStart("headers");
      for (Map.Entry<String, String> header : new TreeMap<>(letter.headers()).entrySet()) {
        json.writeStringField(header.getKey(), header.getValue());
      }
      json.writeEndObject();
    }
    if (stored.replay() != null) {
      json.writeStringField("replay_batch", stored.replay().batch());
      json.writeNumberField("replay_ordinal", stored.replay().ordinal());
      json.writeBooleanField("replay_failed", stored.replay().failedAgain());
    }
    json.writeEndObject();
    json.writeRaw('\n');
  }

  /** The dead letter a line holds; throws if it is not one (not JSON, or without {@code error} and {@code stage}). */
  static StoredDeadLetter parse(String line) throws IOException {
    JsonNode node = JSON.readTree(line);
    if (node == null || !node.isObject() || !node.path("error").isTextual() || !node.path("stage").isTextual()) {
      throw new IOException("not a dead letter");
    }
    byte[] raw;
    if (node.path("raw_base64").isTextual()) {
      try {
        raw = Base64.getDecoder().decode(node.get("raw_base64").asText());
      } catch (IllegalArgumentException e) {
        throw new IOException("raw_base64 is not base64", e);
      }
    } else if (node.path("raw").isTextual()) {
      raw = node.get("raw").asText().getBytes(StandardCharsets.UTF_8);
    } else {
      throw new IOException("no raw bytes");
    }
    long timestamp = 0;
    if (node.path("timestamp").isTextual()) {
      try {
        timestamp = Instant.parse(node.get("timestamp").asText()).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new IOException("timestamp is not an ISO-8601 instant", e);
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    node.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
    DeadLetter letter = new DeadLetter(raw, node.get("error").asText(), node.get("stage").asText(),
        text(node, "source"), text(node, "position"), timestamp, headers);
    StoredDeadLetter.ReplayMark mark = node.path("replay_batch").isTextual()
        ? new StoredDeadLetter.ReplayMark(node.get("replay_batch").asText(), node.path("replay_ordinal").asLong(),
            node.path("replay_failed").asBoolean())
        : null;
    return new StoredDeadLetter(letter, text(node, "pipeline"), mark);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static String utf8OrNull(byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
