package dev.logpro.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import com.google.protobuf.TimestampProto;
import dev.logpro.core.config.ConfigException;
import dev.logpro.core.pipeline.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Length-delimited protobuf messages written by protobuf-java ({@code DynamicMessage.writeDelimitedTo}) of a type
 * described by a descriptor set built here (no protoc needed), run through the real pipeline into an Iceberg table and
 * read back with Iceberg's reader, value by value.
 */
class ProtobufFormatTest {
  @TempDir Path dir;
  private Descriptor event;
  private Descriptor address;
  private Path descriptors;

  private static FieldDescriptorProto field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(Label.LABEL_OPTIONAL).build();
  }

  private static FieldDescriptorProto field(String name, int number, Type type, String typeName) {
    return field(name, number, type).toBuilder().setTypeName(typeName).build();
  }

  private static FieldDescriptorProto repeated(FieldDescriptorProto field) {
    return field.toBuilder().setLabel(Label.LABEL_REPEATED).build();
  }

  /** The test schema, proto3, as protoc would describe it (see the comment in each field). */
  static FileDescriptorProto testProto() {
    DescriptorProto address = DescriptorProto.newBuilder().setName("Address")
        .addField(field("street", 1, Type.TYPE_STRING))
        .addField(field("zip", 2, Type.TYPE_INT32).toBuilder().setProto3Optional(true).setOneofIndex(0))
        .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_zip"))
        .build();
    DescriptorProto attrsEntry = DescriptorProto.newBuilder().setName("AttrsEntry")
        .addField(field("key", 1, Type.TYPE_STRING))
        .addField(field("value", 2, Type.TYPE_INT64))
        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .build();
    DescriptorProto event = DescriptorProto.newBuilder().setName("Event")
        .addField(field("id", 1, Type.TYPE_INT64))
        .addField(field("name", 2, Type.TYPE_STRING))
        .addField(field("flag", 3, Type.TYPE_BOOL))
        .addField(field("small", 4, Type.TYPE_INT32))
        .addField(field("signed_small", 5, Type.TYPE_SINT32))
        .addField(field("u32", 6, Type.TYPE_UINT32))
        .addField(field("f32", 7, Type.TYPE_FIXED32))
        .addField(field("sf64", 8, Type.TYPE_SFIXED64))
        .addField(field("u64", 9, Type.TYPE_UINT64))
        .addField(field("s64", 10, Type.TYPE_SINT64))
        .addField(field("ratio", 11, Type.TYPE_FLOAT))
        .addField(field("score", 12, Type.TYPE_DOUBLE))
        .addField(field("maybe", 13, Type.TYPE_STRING).toBuilder().setProto3Optional(true).setOneofIndex(1))
        .addField(field("blob", 14, Type.TYPE_BYTES))
        .addField(field("color", 15, Type.TYPE_ENUM, ".t.Color"))
        .addField(field("address", 16, Type.TYPE_MESSAGE, ".t.Address"))
        .addField(repeated(field("tags", 17, Type.TYPE_STRING)))
        .addField(repeated(field("numbers", 18, Type.TYPE_INT64))) // packed: proto3's default
        .addField(repeated(field("history", 19, Type.TYPE_MESSAGE, ".t.Address")))
        .addField(repeated(field("attrs", 20, Type.TYPE_MESSAGE, ".t.Event.AttrsEntry"))) // map<string, int64>
        .addField(field("at", 21, Type.TYPE_MESSAGE, ".google.protobuf.Timestamp"))
        .addField(field("text", 22, Type.TYPE_STRING).toBuilder().setOneofIndex(0)) // oneof choice
        .addField(field("number", 23, Type.TYPE_INT32).toBuilder().setOneofIndex(0))
        .addOneofDecl(OneofDescriptorProto.newBuilder().setName("choice"))
        .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_maybe")) // synthetic oneofs come last
        .addNestedType(attrsEntry)
        .build();
    EnumDescriptorProto color = EnumDescriptorProto.newBuilder().setName("Color")
        .addValue(EnumValueDescriptorProto.newBuilder().setName("RED").setNumber(0))
        .addValue(EnumValueDescriptorProto.newBuilder().setName("GREEN").setNumber(1))
        .addValue(EnumValueDescriptorProto.newBuilder().setName("BLUE").setNumber(2))
        .build();
    return FileDescriptorProto.newBuilder().setName("t/events.proto").setPackage("t").setSyntax("proto3")
        .addDependency("google/protobuf/timestamp.proto")
        .addMessageType(address).addMessageType(event).addEnumType(color).build();
  }

  @BeforeEach
  void descriptors() throws Exception {
    FileDescriptor file = FileDescriptor.buildFrom(testProto(), new FileDescriptor[] {TimestampProto.getDescriptor()});
    event = file.findMessageTypeByName("Event");
    address = file.findMessageTypeByName("Address");
    descriptors = dir.resolve("events.desc");
    // Without timestamp.proto: the format knows the well-known types itself.
    try (OutputStream out = Files.newOutputStream(descriptors)) {
      FileDescriptorSet.newBuilder().addFile(testProto()).build().writeTo(out);
    }
  }

  private DynamicMessage address(String street, Integer zip) {
    DynamicMessage.Builder a = DynamicMessage.newBuilder(address).setField(address.findFieldByName("street"), street);
    if (zip != null) {
      a.setField(address.findFieldByName("zip"), zip);
    }
    return a.build();
  }

  static final long BASE_SECONDS = 1_767_225_600L;

  DynamicMessage event(long i) {
    DynamicMessage.Builder m = DynamicMessage.newBuilder(event);
    set(m, "id", i);
    set(m, "name", "name-" + i + (i % 5 == 0 ? " ünïcödé" : ""));
    set(m, "flag", i % 2 == 0);
    set(m, "small", (int) (i % 5 == 0 ? 0 : i * 7 - 100)); // a zero is not on the wire: the default comes back
    set(m, "signed_small", (int) -i);
    set(m, "u32", (int) (4_000_000_000L - i));
    set(m, "f32", (int) (3_000_000_000L + i));
    set(m, "sf64", -i * 1_000_000_007L);
    set(m, "u64", i * 9_000_000_000L);
    set(m, "s64", -i * 3);
    set(m, "ratio", i / 4f);
    set(m, "score", i * 1.5 - 0.25);
    if (i % 3 != 0) {
      set(m, "maybe", "m" + i);
    }
    set(m, "blob", ByteString.copyFrom(blob(i)));
    set(m, "color", event.getFile().findEnumTypeByName("Color").findValueByNumber((int) (i % 3)));
    if (i % 4 != 0) {
      set(m, "address", address("street " + i, i % 6 == 0 ? null : (int) (10_000 + i)));
    }
    for (String tag : tags(i)) {
      m.addRepeatedField(event.findFieldByName("tags"), tag);
    }
    for (long n : numbers(i)) {
      m.addRepeatedField(event.findFieldByName("numbers"), n);
    }
    for (int k = 0; k < i % 3; k++) {
      m.addRepeatedField(event.findFieldByName("history"), address("old " + k, k == 0 ? null : k));
    }
    Descriptor entry = event.findNestedTypeByName("AttrsEntry");
    attrs(i).forEach((key, value) -> m.addRepeatedField(event.findFieldByName("attrs"), DynamicMessage.newBuilder(entry)
        .setField(entry.findFieldByName("key"), key).setField(entry.findFieldByName("value"), value).build()));
    if (i % 7 != 0) {
      set(m, "at", Timestamp.newBuilder().setSeconds(BASE_SECONDS + i).setNanos((int) (i * 1000 + 999)).build());
    }
    if (i % 2 == 0) {
      set(m, "text", "t" + i);
    } else {
      set(m, "number", (int) i);
    }
    return m.build();
  }

  private void set(DynamicMessage.Builder m, String name, Object value) {
    m.setField(event.findFieldByName(name), value);
  }

  static byte[] blob(long i) {
    byte[] b = new byte[(int) (i % 5)];
    java.util.Arrays.fill(b, (byte) (i * 13));
    return b;
  }

  static List<String> tags(long i) {
    List<String> tags = new ArrayList<>();
    for (int k = 0; k < i % 4; k++) {
      tags.add("t" + k + "," + i);
    }
    return tags;
  }

  static List<Long> numbers(long i) {
    List<Long> numbers = new ArrayList<>();
    for (int k = 0; k < i % 5; k++) {
      numbers.add(i * 100 + k - 300);
    }
    return numbers;
  }

  static Map<String, Long> attrs(long i) {
    Map<String, Long> attrs = new LinkedHashMap<>();
    for (int k = 0; k < i % 3; k++) {
      attrs.put("a" + k, i * k);
    }
    return attrs;
  }

  void assertRow(Record row, long i) {
    assertThat(row.getField("id")).isEqualTo(i);
    assertThat(row.getField("name")).isEqualTo("name-" + i + (i % 5 == 0 ? " ünïcödé" : ""));
    assertThat(row.getField("flag")).isEqualTo(i % 2 == 0);
    assertThat(row.getField("small")).isEqualTo((int) (i % 5 == 0 ? 0 : i * 7 - 100));
    assertThat(row.getField("signed_small")).isEqualTo((int) -i);
    assertThat(row.getField("u32")).isEqualTo(4_000_000_000L - i);
    assertThat(row.getField("f32")).isEqualTo(3_000_000_000L + i);
    assertThat(row.getField("sf64")).isEqualTo(-i * 1_000_000_007L);
    assertThat(row.getField("u64")).isEqualTo(i * 9_000_000_000L);
    assertThat(row.getField("s64")).isEqualTo(-i * 3);
    assertThat(row.getField("ratio")).isEqualTo(i / 4f);
    assertThat(row.getField("score")).isEqualTo(i * 1.5 - 0.25);
    assertThat(row.getField("maybe")).isEqualTo(i % 3 == 0 ? null : "m" + i);
    assertThat(row.getField("blob")).isEqualTo(ByteBuffer.wrap(blob(i)));
    assertThat(row.getField("color")).isEqualTo(List.of("RED", "GREEN", "BLUE").get((int) (i % 3)));
    Record a = (Record) row.getField("address");
    if (i % 4 == 0) {
      assertThat(a).isNull();
    } else {
      assertThat(a.getField("street")).isEqualTo("street " + i);
      assertThat(a.getField("zip")).isEqualTo(i % 6 == 0 ? null : (int) (10_000 + i));
    }
    assertThat(row.getField("tags")).isEqualTo(tags(i));
    assertThat(row.getField("numbers")).isEqualTo(numbers(i));
    List<?> history = (List<?>) row.getField("history");
    assertThat(history).hasSize((int) (i % 3));
    for (int k = 0; k < history.size(); k++) {
      assertThat(((Record) history.get(k)).getField("street")).isEqualTo("old " + k);
      assertThat(((Record) history.get(k)).getField("zip")).isEqualTo(k == 0 ? null : k);
    }
    assertThat(row.getField("attrs")).isEqualTo(attrs(i));
    assertThat(row.getField("at")).isEqualTo(i % 7 == 0 ? null
        : Instant.ofEpochSecond(BASE_SECONDS + i, i * 1000).atOffset(ZoneOffset.UTC));
    assertThat(row.getField("text")).isEqualTo(i % 2 == 0 ? "t" + i : null);
    assertThat(row.getField("number")).isEqualTo(i % 2 == 0 ? null : (int) i);
  }

  private void write(Path file, long from, long to, boolean append) throws Exception {
    try (OutputStream out = append ? Files.newOutputStream(file, StandardOpenOption.APPEND)
        : Files.newOutputStream(file)) {
      for (long i = from; i < to; i++) {
        event(i).writeDelimitedTo(out);
      }
    }
  }

  private Map<String, String> options() {
    return Map.of("descriptor_set", descriptors.toString(), "message", "t.Event");
  }

  @Test
  void everyTypeLandsInIcebergAsItWasWritten() throws Exception {
    Path file = dir.resolve("events.pb");
    write(file, 0, 400, false);
    Lake lake = new Lake(dir);

    RunSummary summary = lake.run(file.toString(), "protobuf", options());

    assertThat(summary.rowsWritten()).isEqualTo(400);
    assertThat(summary.deadLetters()).isZero();
    Types.StructType types = lake.table().schema().asStruct();
    assertThat(types.field("at").type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(types.field("u32").type()).isEqualTo(Types.LongType.get());
    assertThat(types.field("blob").type()).isEqualTo(Types.BinaryType.get());
    assertThat(types.field("attrs").type().isMapType()).isTrue();
    assertThat(types.field("history").type().asListType().elementType().isStructType()).isTrue();
    List<Record> rows = lake.rows("id");
    assertThat(rows).hasSize(400);
    for (int i = 0; i < rows.size(); i++) {
      assertRow(rows.get(i), i);
    }
  }

  @Test
  void aMessageThatDoesNotParseIsADeadLetterWithItsBytesAndTheRestLands() throws Exception {
    Path file = dir.resolve("events.pb");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    event(0).writeDelimitedTo(out);
    long badWire = out.size();
    byte[] truncatedVarint = {0x08, (byte) 0x80}; // field 1, a varint that never ends
    out.write(truncatedVarint.length);
    out.write(truncatedVarint);
    event(1).writeDelimitedTo(out);
    long badUtf8 = out.size();
    byte[] invalidName = {0x12, 2, (byte) 0xC3, 0x28}; // field 2 (string): not UTF-8
    out.write(invalidName.length);
    out.write(invalidName);
    long tooBig = out.size();
    byte[] hugeUnsigned = DynamicMessage.newBuilder(event).setField(event.findFieldByName("u64"), -1L).build()
        .toByteArray();
    out.write(hugeUnsigned.length);
    out.write(hugeUnsigned);
    event(2).writeDelimitedTo(out);
    long cut = out.size();
    out.write(100); // a message said to be 100 bytes long, of which 3 are there
    out.write(new byte[] {0x08, 0x01, 0x10});
    Files.write(file, out.toByteArray());
    Lake lake = new Lake(dir);

    RunSummary summary = lake.run(file.toString(), "protobuf", options());

    assertThat(summary.rowsWritten()).isEqualTo(3);
    List<JsonNode> dead = lake.deadLetters();
    assertThat(dead).extracting(d -> d.get("position").asText()).containsExactly(
        String.valueOf(badWire), String.valueOf(badUtf8), String.valueOf(tooBig), String.valueOf(cut));
    assertThat(Lake.raw(dead.get(0))).isEqualTo(truncatedVarint);
    assertThat(Lake.raw(dead.get(1))).isEqualTo(invalidName);
    assertThat(Lake.raw(dead.get(2))).isEqualTo(hugeUnsigned);
    assertThat(Lake.raw(dead.get(3))).isEqualTo(new byte[] {100, 0x08, 0x01, 0x10});
    assertThat(dead.get(0).get("error").asText()).isEqualTo("not a valid t.Event: the message ends inside a varint");
    assertThat(dead.get(1).get("error").asText()).contains("not valid UTF-8");
    assertThat(dead.get(2).get("error").asText()).contains("uint64 value is above the long range");
    assertThat(dead.get(3).get("error").asText()).startsWith("the input ends inside a message");
    List<Record> rows = lake.rows("id");
    for (int i = 0; i < 3; i++) {
      assertRow(rows.get(i), i);
    }
  }

  @Test
  void aRestartReadsOnlyTheMessagesAddedSince() throws Exception {
    Path file = dir.resolve("events.pb");
    write(file, 0, 150, false);
    Lake lake = new Lake(dir);
    assertThat(lake.run(file.toString(), "protobuf", options()).rowsWritten()).isEqualTo(150);
    write(file, 150, 220, true);

    assertThat(lake.run(file.toString(), "protobuf", options()).rowsWritten()).isEqualTo(70);

    assertThat(lake.rows("id")).extracting(r -> (Long) r.getField("id"))
        .containsExactlyElementsOf(LongStream.range(0, 220).boxed().toList());
  }

  @Test
  void aMissingDescriptorSetOrMessageTypeIsAConfigError() throws Exception {
    Lake lake = new Lake(dir);
    assertThatThrownBy(() -> lake.pipeline(dir.toString(), "protobuf",
        Map.of("descriptor_set", dir.resolve("nope.desc").toString(), "message", "t.Event")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.protobuf.descriptor_set: no such file");
    assertThatThrownBy(() -> lake.pipeline(dir.toString(), "protobuf",
        Map.of("descriptor_set", descriptors.toString(), "message", "t.Nope")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("source.protobuf.message: no message type t.Nope in " + descriptors);
    Path notADescriptorSet = Files.writeString(dir.resolve("junk.desc"), "not a descriptor set");
    assertThatThrownBy(() -> lake.pipeline(dir.toString(), "protobuf",
        Map.of("descriptor_set", notADescriptorSet.toString(), "message", "t.Event")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("source.protobuf.descriptor_set: cannot read " + notADescriptorSet
            + " as a descriptor set");
  }

}
