package dev.logpro.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class InferredTypeTest {

  @Test
  void unionsKeysInFirstSeenOrderWithTheWidestType() {
    InferredType row = InferredType.root();
    row.field("b").observeScalar(ColumnType.INT64);
    row.field("a").observeScalar(ColumnType.INT64);
    row.field("a").observeScalar(ColumnType.FLOAT64);
    row.field("c");
    Schema schema = row.toSchema();
    assertThat(schema.getFields()).extracting(Field::getName).containsExactly("b", "a", "c");
    assertThat(schema.findField("a").getType()).isEqualTo(ColumnType.FLOAT64.arrowType());
    assertThat(schema.findField("c").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
    assertThat(schema.getFields()).allMatch(Field::isNullable);
  }

  @Test
  void buildsStructsAndLists() {
    InferredType row = InferredType.root();
    InferredType user = row.field("user");
    assertThat(user.observeObject()).isTrue();
    user.field("id").observeScalar(ColumnType.INT64);
    InferredType tags = row.field("tags").observeArray();
    tags.observeScalar(ColumnType.INT64);
    tags.observeScalar(ColumnType.FLOAT64);
    row.field("empty").observeArray();

    Schema schema = row.toSchema();
    Field userField = schema.findField("user");
    assertThat(userField.getType()).isEqualTo(ArrowType.Struct.INSTANCE);
    assertThat(userField.getChildren()).extracting(Field::getName).containsExactly("id");
    Field tagsField = schema.findField("tags");
    assertThat(tagsField.getType()).isEqualTo(ArrowType.List.INSTANCE);
    assertThat(tagsField.getChildren().get(0).getName()).isEqualTo(InferredType.LIST_ELEMENT);
    assertThat(tagsField.getChildren().get(0).getType()).isEqualTo(ColumnType.FLOAT64.arrowType());
    assertThat(schema.findField("empty").getChildren().get(0).getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
  }

  @Test
  void conflictingKindsBecomeStrings() {
    InferredType row = InferredType.root();
    row.field("a").observeScalar(ColumnType.INT64);
    assertThat(row.field("a").observeObject()).isFalse();
    assertThat(row.field("b").observeObject()).isTrue();
    assertThat(row.field("b").observeArray()).isNull();
    row.field("b").observeScalar(ColumnType.INT64);
    assertThat(row.field("c").observeObject()).isTrue();

    Schema schema = row.toSchema();
    assertThat(schema.getFields()).extracting(Field::getType).containsOnly(ArrowType.Utf8.INSTANCE);
  }
}
