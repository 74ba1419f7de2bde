package io.millwright.connect.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;

class NodeAddressTest {

  private static final NamespaceTable NAMESPACES =
      new NamespaceTable("http://opcfoundation.org/UA/", "urn:server", "urn:vendor:cnc");

  @Test
  void parsesTheFormsOpcUaWrites() {
    assertThat(NodeAddress.parse("ns=2;s=cnc-01/spindle/speed").resolve(NAMESPACES))
        .isEqualTo(new NodeId(2, "cnc-01/spindle/speed"));
    assertThat(NodeAddress.parse("ns=3;i=1001").resolve(NAMESPACES))
        .isEqualTo(new NodeId(3, UInteger.valueOf(1001)));
    assertThat(NodeAddress.parse("i=2258").resolve(NAMESPACES))
        .isEqualTo(new NodeId(0, UInteger.valueOf(2258)));
    assertThat(NodeAddress.parse("nsu=urn:vendor:cnc;s=Spindle.Speed").resolve(NAMESPACES))
        .isEqualTo(new NodeId(2, "Spindle.Speed"));
    UUID guid = UUID.fromString("09087e75-8e5e-499b-954f-f2a9603db28a");
    assertThat(NodeAddress.parse("ns=1;g=" + guid).resolve(NAMESPACES))
        .isEqualTo(new NodeId(1, guid));
    assertThat(NodeAddress.parse("ns=1;b=AQID").toString()).isEqualTo("ns=1;b=AQID");
    assertThat(NodeAddress.parse("ns=2;s=a;b=c").resolve(NAMESPACES))
        .isEqualTo(new NodeId(2, "a;b=c"));
  }

  @Test
  void anUnknownNamespaceUriFailsAtResolveNotAtParse() {
    NodeAddress address = NodeAddress.parse("nsu=urn:other;i=5");
    assertThatThrownBy(() -> address.resolve(NAMESPACES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("urn:other");
  }

  @Test
  void refusesWhatIsNotANodeIdWithTheReason() {
    assertThatThrownBy(() -> NodeAddress.parse("ns=2")).hasMessageContaining("no identifier");
    assertThatThrownBy(() -> NodeAddress.parse("ns=70000;i=1")).hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> NodeAddress.parse("ns=-1;i=1")).hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> NodeAddress.parse("ns=2;i=4294967296"))
        .hasMessageContaining("0 to 4294967295");
    assertThatThrownBy(() -> NodeAddress.parse("ns=2;x=1"))
        .hasMessageContaining("identifier type 'x'");
    assertThatThrownBy(() -> NodeAddress.parse("ns=2;s=")).hasMessageContaining("no identifier");
    assertThatThrownBy(() -> NodeAddress.parse("ns=2;g=nope")).hasMessageContaining("GUID");
    assertThatThrownBy(() -> NodeAddress.parse("ns=2;b=%%")).hasMessageContaining("base64");
    assertThatThrownBy(() -> NodeAddress.parse("nsu=;s=a"))
        .hasMessageContaining("empty namespace URI");
    assertThatThrownBy(() -> NodeAddress.parse("Press.Force")).hasMessageContaining("ns=2;s=");
  }

  @Property
  void numericAddressesRoundTrip(
      @ForAll @IntRange(min = 0, max = 65535) int namespace,
      @ForAll @LongRange(min = 0, max = 4294967295L) long id) {
    String text = (namespace == 0 ? "" : "ns=" + namespace + ";") + "i=" + id;
    NodeAddress address = NodeAddress.parse(text);
    assertThat(address.toString()).isEqualTo(text);
    assertThat(NodeAddress.format(address.resolve(NAMESPACES))).isEqualTo(text);
  }

  @Property
  void stringAddressesRoundTripWhateverTheyContain(
      @ForAll @IntRange(min = 1, max = 65535) int namespace, @ForAll("identifiers") String id) {
    String text = "ns=" + namespace + ";s=" + id;
    NodeAddress address = NodeAddress.parse(text);
    assertThat(address.resolve(NAMESPACES)).isEqualTo(new NodeId(namespace, id));
    assertThat(NodeAddress.format(address.resolve(NAMESPACES))).isEqualTo(text);
  }

  @Property(tries = 2000)
  void anyTextEitherParsesOrIsRefusedWithAnExplanation(@ForAll("noise") String text) {
    try {
      NodeAddress address = NodeAddress.parse(text);
      assertThat(NodeAddress.parse(address.toString())).isEqualTo(address);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains("write an OPC UA NodeId");
    }
  }

  @Provide
  Arbitrary<String> identifiers() {
    return Arbitraries.strings()
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(s -> !s.isBlank() && s.strip().equals(s));
  }

  @Provide
  Arbitrary<String> noise() {
    Arbitrary<String> prefix =
        Arbitraries.of(
            "", "ns=", "nsu=", "ns=2;", "nsu=urn:x;", "ns=99999;", "i=", "s=", "g=", "b=");
    Arbitrary<String> body =
        Arbitraries.strings().withChars("ns=;igbu0123456789abcdef-+/ x").ofMaxLength(20);
    return Combinators.combine(prefix, body).as((p, b) -> p + b);
  }
}
