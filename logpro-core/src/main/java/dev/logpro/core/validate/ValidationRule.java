package dev.logpro.core.validate;

import dev.logpro.api.config.Doc;
import dev.logpro.api.config.Example;
import dev.logpro.api.config.Optional;
import dev.logpro.core.transform.CelPredicate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of {@code processing.validate}: exactly one kind of rule, and perhaps a name for the dead letters of the
 * rows it fails.
 */
@Doc("A validation rule: each entry of processing.validate holds exactly one of not_null, range, regex, allowed and"
    + " expr (and perhaps a name). Every row is checked against every rule, after the transforms; a row that fails one"
    + " goes to the dead-letter queue (stage validate) as JSON, with the rule that failed; the others go on. range,"
    + " regex and allowed pass nulls: combine them with not_null to refuse nulls.")
public record ValidationRule(
    @Doc("Columns that must not be null.") @Optional @Example("[id, ts]") List<String> not_null,
    @Doc("Column: [min, max], inclusive; a bound may be null (open). Numbers for numeric columns, ISO-8601 text for"
        + " dates and timestamps.") @Optional @Example("{latency_ms: [0, 60000], ts: ['2020-01-01', null]}")
        Map<String, Object> range,
    @Doc("Column: a regular expression (java.util.regex) the whole text value must match.") @Optional
        @Example("{zip: '[0-9]{5}'}") Map<String, String> regex,
    @Doc("Column: the values it may hold.") @Optional @Example("{type: [view, click, purchase]}")
        Map<String, Object> allowed,
    @Doc("A CEL expression that must be true for the row (see the filter transform for types and nulls: an"
        + " expression that cannot be evaluated because of a null fails the row).") @Optional
        @Example("\"amount >= 0 || type == 'refund'\"") String expr,
    @Doc("The rule's name in dead letters; absent: its kind and position, such as not_null[0].") @Optional
        @Example("positive_amounts") String name) {

  /** Every kind of rule, shown in the reference docs (a test parses it). */
  public static final String EXAMPLE = """
      - not_null: [event_id, ts]
      - range: {latency_ms: [0, 60000], ts: ['2020-01-01', null]}
      - regex: {zip: '[0-9]{5}'}
      - allowed: {event_type: [view, click, search, purchase]}
      - expr: "price == null || price >= 0.0"
        name: non_negative_price
      """;

  public ValidationRule {
    int kinds = (not_null != null ? 1 : 0) + (range != null ? 1 : 0) + (regex != null ? 1 : 0)
        + (allowed != null ? 1 : 0) + (expr != null ? 1 : 0);
    if (kinds != 1) {
      throw new IllegalArgumentException("give exactly one of not_null, range, regex, allowed, expr (got " + kinds
          + ")");
    }
    if (not_null != null) {
      if (not_null.isEmpty()) {
        throw new IllegalArgumentException("not_null: list at least one column");
      }
      not_null = List.copyOf(not_null);
    }
    if (range != null) {
      range = new LinkedHashMap<>(range);
      for (Map.Entry<String, Object> e : range.entrySet()) {
        if (!(e.getValue() instanceof List<?> bounds) || bounds.size() != 2
            || (bounds.get(0) == null && bounds.get(1) == null)) {
          throw new IllegalArgumentException("range." + e.getKey() + ": expected [min, max] with at least one bound");
        }
        for (Object bound : (List<?>) e.getValue()) {
          if (bound != null && !(bound instanceof Number)) {
            try {
              Bounds.micros(String.valueOf(bound));
            } catch (DateTimeParseException ex) {
              throw new IllegalArgumentException("range." + e.getKey() + ": bound '" + bound
                  + "' is neither a number nor an ISO-8601 date or timestamp");
            }
          }
        }
      }
    }
    if (regex != null) {
      regex = new LinkedHashMap<>(regex);
      for (Map.Entry<String, String> e : regex.entrySet()) {
        try {
          Pattern.compile(e.getValue());
        } catch (PatternSyntaxException ex) {
          throw new IllegalArgumentException("regex." + e.getKey() + ": " + ex.getDescription() + " at character "
              + (ex.getIndex() + 1));
        }
      }
    }
    if (allowed != null) {
      allowed = new LinkedHashMap<>(allowed);
      for (Map.Entry<String, Object> e : allowed.entrySet()) {
        if (!(e.getValue() instanceof List<?> values) || values.isEmpty()
            || values.stream().anyMatch(java.util.Objects::isNull)) {
          throw new IllegalArgumentException("allowed." + e.getKey() + ": expected a list of values (null is"
              + " always allowed: use not_null to refuse it)");
        }
      }
    }
    if (expr != null) {
      try {
        CelPredicate.parse(expr);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expr: " + e.getMessage());
      }
    }
  }

  /** The rule's kind, as config names it. */
  public String kind() {
    return not_null != null ? "not_null" : range != null ? "range" : regex != null ? "regex"
        : allowed != null ? "allowed" : "expr";
  }
}
