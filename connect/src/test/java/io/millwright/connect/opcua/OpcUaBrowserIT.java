package io.millwright.connect.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DefinitionException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpcUaBrowserIT {

  private static PlantServer server;

  @TempDir Path pki;

  @BeforeAll
  static void startServer() throws Exception {
    server = PlantServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void theObjectsFolderShowsThePlantAndTheServerObject() {
    List<BrowsedNode> nodes =
        new OpcUaBrowser(pki).browse(server.endpoint(), Map.of(), Optional.empty());
    assertThat(nodes)
        .contains(
            new BrowsedNode(
                "ns=2;s=plant",
                "plant",
                "plant",
                "Object",
                Optional.empty(),
                false,
                Optional.empty()))
        .anySatisfy(n -> assertThat(n.nodeId()).isEqualTo("i=2253"));
  }

  @Test
  void aFolderShowsVariablesWithTypesAccessAndUnits() {
    Map<String, BrowsedNode> nodes =
        new OpcUaBrowser(pki)
                .browse(
                    server.endpoint(),
                    Map.of(),
                    Optional.of("nsu=" + PlantServer.NAMESPACE + ";s=plant"))
                .stream()
                .collect(Collectors.toMap(BrowsedNode::browseName, Function.identity()));
    assertThat(nodes.get("temperature"))
        .isEqualTo(
            new BrowsedNode(
                "ns=2;s=plant/temperature",
                "temperature",
                "temperature",
                "Variable",
                Optional.of("float64"),
                false,
                Optional.of("°C")));
    assertThat(nodes.get("int16").dataType()).contains("int16");
    assertThat(nodes.get("int16").writable()).isTrue();
    assertThat(nodes.get("readonly").writable()).isFalse();
    assertThat(nodes.get("string").dataType()).contains("string");
    assertThat(nodes.get("bool").dataType()).contains("bool");
    assertThat(nodes.get("bulk").nodeClass()).isEqualTo("Object");
  }

  @Test
  void badInputIsNamedAndAnUnreachableServerIsABrowseException() throws Exception {
    OpcUaBrowser browser = new OpcUaBrowser(pki);
    assertThatThrownBy(() -> browser.browse(server.endpoint(), Map.of(), Optional.of("ns=2;x=1")))
        .isInstanceOf(DefinitionException.class)
        .extracting(e -> ((DefinitionException) e).field())
        .isEqualTo("nodeId");
    assertThatThrownBy(
            () -> browser.browse(server.endpoint(), Map.of("colour", "red"), Optional.empty()))
        .isInstanceOf(DefinitionException.class)
        .hasMessageContaining("options.colour");
    assertThatThrownBy(
            () ->
                browser.browse(
                    "opc.tcp://127.0.0.1:" + PlantServer.freePort() + "/x",
                    Map.of(),
                    Optional.empty()))
        .isInstanceOf(BrowseException.class)
        .hasMessageContaining("cannot connect");
    assertThatThrownBy(
            () -> browser.browse(server.endpoint(), Map.of(), Optional.of("ns=2;s=nothing")))
        .isInstanceOf(BrowseException.class)
        .hasMessageContaining("Bad_NodeIdUnknown");
  }
}
