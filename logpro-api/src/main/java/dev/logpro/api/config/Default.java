package dev.logpro.api.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a field takes when config leaves it out, written as it would be in YAML ({@code "512"}, {@code "zstd"},
 * {@code "[]"}). A field with neither a default nor {@link Optional} is required.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
  String value();
}
