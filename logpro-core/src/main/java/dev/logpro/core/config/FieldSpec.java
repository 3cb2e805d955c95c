package dev.logpro.core.config;

import java.lang.reflect.Type;

/**
 * One documented config field, read from a config record's component.
 *
 * @param name the YAML key
 * @param type the Java type it binds to
 * @param typeName how docs show the type ({@code int}, {@code list of string}, {@code one of: zstd, snappy})
 * @param defaultValue the default as written in YAML, or {@code null}
 * @param required whether config must give it
 * @param doc what it means
 * @param example a typical value, or {@code null}
 * @param secret never printed
 * @param nested the spec of a nested config record, or {@code null}
 */
public record FieldSpec(
    String name,
    Type type,
    String typeName,
    String defaultValue,
    boolean required,
    String doc,
    String example,
    boolean secret,
    ConfigSpec nested) {}
