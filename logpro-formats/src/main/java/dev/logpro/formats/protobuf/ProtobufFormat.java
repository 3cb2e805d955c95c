package dev.logpro.formats.protobuf;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.AnyProto;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;
import dev.logpro.api.ComponentContext;
import dev.logpro.api.Decoder;
import dev.logpro.api.DecoderFactory;
import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.core.source.file.FileHead;
import dev.logpro.core.source.file.FileLayout;
import dev.logpro.core.source.file.FramedFileFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code protobuf} format: length-delimited messages of one type (as {@code writeDelimitedTo} writes them), with
 * the type taken from a descriptor set file ({@code protoc --descriptor_set_out --include_imports}). The file source
 * cuts files between messages, so a position is the offset of a message.
 */
public final class ProtobufFormat implements DecoderFactory<ProtobufFormat.Config>, FramedFileFormat {

  /** The {@code protobuf} format's configuration. */
  @Doc("Decodes length-delimited protobuf messages (a varint length, then the message, as writeDelimitedTo writes"
      + " them) of one type from a descriptor set. Fields become columns in declaration order: nested messages"
      + " structs, repeated fields lists, map fields maps, enums their value's name, bytes binary,"
      + " google.protobuf.Timestamp a timestamptz. A field with presence is null when absent; a proto3 scalar without"
      + " presence holds its default. A message that does not parse is a dead letter.")
  public record Config(
      @Doc("The descriptor set file describing the message type and its imports (protoc --descriptor_set_out=FILE"
          + " --include_imports). Well-known types (google/protobuf/*.proto) may be left out.")
          @Example("schemas/events.desc") String descriptor_set,
      @Doc("The full name of the message type of every record.") @Example("acme.events.Event") String message) {
    public Config {
      if (descriptor_set != null && !Files.isRegularFile(Path.of(descriptor_set))) {
        throw new IllegalArgumentException("descriptor_set: no such file: " + descriptor_set);
      }
      if (message != null && message.isBlank()) {
        throw new IllegalArgumentException("message: must not be empty");
      }
    }
  }

  /** For {@link java.util.ServiceLoader}. */
  public ProtobufFormat() {}

  @Override
  public String type() {
    return "protobuf";
  }

  @Override
  public String name() {
    return "protobuf";
  }

  @Override
  public String description() {
    return "Decodes length-delimited protobuf messages of a type from a descriptor set into rows.";
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  /** @throws IllegalArgumentException if the descriptor set cannot be read or has no such message type */
  @Override
  public Decoder create(Config config, ComponentContext context) {
    try {
      return new ProtobufDecoder(context, messageType(config));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("source.protobuf." + e.getMessage(), e);
    }
  }

  /** That the descriptor set reads and holds the message type, found by the same code as {@link #create}. */
  @Override
  public List<String> check(Config config) {
    try {
      messageType(config);
      return List.of();
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
  }

  @Override
  public FileLayout layout(FileHead head, Record options) {
    return new FileLayout(0, Map.of(), new Delimited());
  }

  /** @throws IllegalArgumentException {@code "descriptor_set: why"} or {@code "message: why"} */
  static Descriptor messageType(Config config) {
    FileDescriptorSet set;
    try (InputStream in = Files.newInputStream(Path.of(config.descriptor_set()))) {
      set = FileDescriptorSet.parseFrom(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("descriptor_set: cannot read " + config.descriptor_set()
          + " as a descriptor set: " + e.getMessage(), e);
    }
    Map<String, FileDescriptorProto> protos = new HashMap<>();
    set.getFileList().forEach(f -> protos.put(f.getName(), f));
    Map<String, FileDescriptor> built = new HashMap<>();
    for (FileDescriptor known : new FileDescriptor[] {TimestampProto.getDescriptor(), DurationProto.getDescriptor(),
        WrappersProto.getDescriptor(), StructProto.getDescriptor(), AnyProto.getDescriptor(),
        EmptyProto.getDescriptor()}) {
      if (!protos.containsKey(known.getName())) {
        built.put(known.getName(), known);
      }
    }
    for (FileDescriptorProto proto : set.getFileList()) {
      FileDescriptor file = build(proto.getName(), protos, built, config);
      Descriptor found = find(file, config.message());
      if (found != null) {
        return found;
      }
    }
    throw new IllegalArgumentException("message: no message type " + config.message() + " in "
        + config.descriptor_set());
  }

  private static Descriptor find(FileDescriptor file, String fullName) {
    String pkg = file.getPackage();
    String local = pkg.isEmpty() ? fullName : fullName.startsWith(pkg + ".") ? fullName.substring(pkg.length() + 1)
        : null;
    if (local == null) {
      return null;
    }
    String[] parts = local.split("\\.");
    Descriptor type = file.findMessageTypeByName(parts[0]);
    for (int i = 1; type != null && i < parts.length; i++) {
      type = type.findNestedTypeByName(parts[i]);
    }
    return type;
  }

  private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos,
      Map<String, FileDescriptor> built, Config config) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null) {
      throw new IllegalArgumentException("descriptor_set: " + config.descriptor_set() + " lacks "
          + name + ", an import (write it with protoc --include_imports)");
    }
    FileDescriptor[] dependencies = new FileDescriptor[proto.getDependencyCount()];
    for (int i = 0; i < dependencies.length; i++) {
      dependencies[i] = build(proto.getDependency(i), protos, built, config);
    }
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies);
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException e) {
      throw new IllegalArgumentException("descriptor_set: " + name + " in " + config.descriptor_set()
          + " is not valid: " + e.getMessage(), e);
    }
  }
}
