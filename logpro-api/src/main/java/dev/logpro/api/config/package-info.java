/**
 * Annotations that turn a component's config record into its spec. Supported field types: {@code String}, {@code
 * int}/{@code Integer}, {@code long}/{@code Long}, {@code double}, {@code boolean}, enums (written in lower case in
 * YAML), {@code List<String>}, {@code Map<String, String>}, {@code Map<String, Object>} (passed through as is), and
 * nested config records.
 */
package dev.logpro.api.config;
