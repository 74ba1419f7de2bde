package io.millwright.connect.opcua;

import static io.millwright.connect.opcua.Machines.scaled;
import static io.millwright.connect.opcua.Machines.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.junit.jupiter.api.Test;

class OpcUaValuesTest {

  private static final Value LAST = Value.of(9.0);

  @Test
  void timestampsPreferTheSourceThenTheServerThenReceipt() {
    var tag = tag("t", "i=1", DataType.FLOAT64);
    DateTime source = new DateTime(java.time.Instant.ofEpochMilli(1_000_000));
    DateTime server = new DateTime(java.time.Instant.ofEpochMilli(2_000_000));
    assertThat(
            sample(tag, new DataValue(new Variant(1.0), StatusCode.GOOD, source, server))
                .timestamp())
        .isEqualTo(1_000_000);
    assertThat(
            sample(tag, new DataValue(new Variant(1.0), StatusCode.GOOD, null, server)).timestamp())
        .isEqualTo(2_000_000);
    assertThat(
            sample(tag, new DataValue(new Variant(1.0), StatusCode.GOOD, null, null)).timestamp())
        .isEqualTo(42);
  }

  @Test
  void badAndUncertainStatusesKeepTheirNames() {
    var tag = tag("t", "i=1", DataType.FLOAT64);
    Sample bad = sample(tag, new DataValue(new StatusCode(StatusCodes.Bad_NodeIdUnknown)));
    assertThat(bad.quality()).isEqualTo(Quality.bad("Bad_NodeIdUnknown"));
    assertThat(bad.value()).isEqualTo(LAST);
    Sample uncertain =
        sample(
            tag,
            new DataValue(new Variant(2.0), new StatusCode(StatusCodes.Uncertain_LastUsableValue)));
    assertThat(uncertain.quality()).isEqualTo(Quality.uncertain("Uncertain_LastUsableValue"));
    assertThat(uncertain.value()).isEqualTo(Value.of(2.0));
  }

  @Test
  void aValueOfTheWrongTypeIsATypeMismatch() {
    assertThat(sample(tag("t", "i=1", DataType.INT32), new DataValue(new Variant(1.5))).quality())
        .isEqualTo(Quality.TYPE_MISMATCH);
    assertThat(sample(tag("t", "i=1", DataType.BOOL), new DataValue(new Variant(1))).quality())
        .isEqualTo(Quality.TYPE_MISMATCH);
    assertThat(sample(tag("t", "i=1", DataType.STRING), new DataValue(Variant.ofNull())).quality())
        .isEqualTo(Quality.TYPE_MISMATCH);
  }

  @Test
  void scaledIntegersBecomeFloatsAndWritesUndoTheScale() {
    var tag = scaled("t", "i=1", DataType.UINT16, 0.1, -5);
    assertThat(
            sample(tag, new DataValue(Variant.ofUInt16(UShort.valueOf(1000)))).value().asDouble())
        .isCloseTo(95.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(OpcUaValues.toVariant(tag, Value.of(95.0), Optional.of(NodeIds.UInt16)))
        .isEqualTo(Variant.ofUInt16(UShort.valueOf(1000)));
    assertThatThrownBy(
            () -> OpcUaValues.toVariant(tag, Value.of(-100.0), Optional.of(NodeIds.UInt16)))
        .hasMessageContaining("out of range for the node's UInt16");
  }

  @Test
  void theNodesTypeDecidesWhatIsSent() {
    var tag = tag("t", "i=1", DataType.INT32);
    assertThat(OpcUaValues.toVariant(tag, Value.of(7L), Optional.of(NodeIds.Double)))
        .isEqualTo(Variant.ofDouble(7.0));
    assertThat(OpcUaValues.toVariant(tag, Value.of(7L), Optional.of(NodeIds.Structure)))
        .as("an unknown node type falls back to the tag's type")
        .isEqualTo(Variant.ofInt32(7));
    assertThat(OpcUaValues.toVariant(tag, Value.of(7L), Optional.empty()))
        .isEqualTo(Variant.ofInt32(7));
  }

  private static Sample sample(io.millwright.core.machine.Tag tag, DataValue value) {
    return OpcUaValues.toSample(tag, value, LAST, 42);
  }
}
