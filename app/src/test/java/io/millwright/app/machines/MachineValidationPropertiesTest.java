package io.millwright.app.machines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.core.machine.MachineDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends to the machines API, the definition check answers 200 or 400 with field
 * errors, never fails another way (which the API would turn into a 500).
 */
class MachineValidationPropertiesTest {

  static final Consumer<MachineDefinition> CHECK = Connectors.definitionCheck();
  static final ObjectMapper JSON = new ObjectMapper();

  static final String VALID =
      """
      {"id": "press-01", "area": "pressing", "line": "line-1", "protocol": "modbus",
       "endpoint": "tcp://127.0.0.1:5020", "options": {"unitId": 1}, "pollInterval": "500ms",
       "tags": [{"name": "counts/cycles", "address": "input:3", "type": "uint32"},
                {"name": "job/order", "address": "holding:0:8", "type": "string", "writable": true}]}
      """;

  private static void answersCleanly(String body) {
    MachineValidation.Outcome outcome = MachineValidation.validate(body, CHECK);
    assertThat(outcome.status()).isIn(200, 400);
    if (outcome.valid()) {
      assertThat(outcome.machine()).isNotNull();
      assertThat(outcome.tree()).isNotNull();
      assertThat(outcome.errors()).isEmpty();
    } else {
      assertThat(outcome.errors()).isNotEmpty();
      assertThat(outcome.errors())
          .allSatisfy(
              e -> {
                assertThat(e.field()).isNotNull();
                assertThat(e.message()).isNotBlank();
              });
    }
  }

  @Example
  void theValidBodyIsValid() {
    assertThat(MachineValidation.validate(VALID, CHECK).status()).isEqualTo(200);
  }

  @Property(tries = 2000)
  void machineShapedBodiesAnswer200Or400(@ForAll("machines") Object body)
      throws JsonProcessingException {
    answersCleanly(JSON.writeValueAsString(body));
  }

  @Property(tries = 1000)
  void anyJsonValueAnswers200Or400(@ForAll("anyJson") Object body) throws JsonProcessingException {
    answersCleanly(JSON.writeValueAsString(body));
  }

  @Property(tries = 1000)
  void brokenTextAnswers400(@ForAll("mutated") String body) {
    answersCleanly(body);
  }

  // ---- generators

  static final List<String> MACHINE_KEYS =
      List.of(
          "id",
          "name",
          "area",
          "line",
          "protocol",
          "endpoint",
          "options",
          "pollInterval",
          "samplingInterval",
          "tags",
          "states",
          "alarms",
          "bogus");
  static final List<String> TAG_KEYS =
      List.of(
          "name",
          "address",
          "type",
          "unit",
          "scale",
          "deadband",
          "samplingInterval",
          "writable",
          "x");

  static Arbitrary<Object> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "press-01",
            "Press 01",
            "",
            "modbus",
            "opcua",
            "s7",
            "tcp://127.0.0.1:502",
            "tcp://:99999",
            "opc.tcp://127.0.0.1:4840/x",
            "holding:0",
            "holding:0:8",
            "input:70000",
            "coil:1",
            "discrete:2",
            "ns=2;s=a",
            "nsu=urn:x;i=5",
            "i=2258",
            "ns=x;q=1",
            "int16",
            "uint32",
            "float64",
            "string",
            "bool",
            "500ms",
            "1s",
            "0s",
            "-1s",
            "1e9h",
            "true",
            "null",
            "big",
            "little"),
        Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
  }

  static Arbitrary<Object> valueOrShape(Arbitrary<Object> inner) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, scalar()),
        net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(3).map(l -> (Object) l)),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.maps(Arbitraries.of("factor", "offset", "unitId", "timeout", "a"), inner)
                .ofMaxSize(3)
                .map(m -> (Object) m)));
  }

  static Arbitrary<Map<String, Object>> object(List<String> keys, Arbitrary<Object> values) {
    return Arbitraries.maps(Arbitraries.of(keys), values).ofMaxSize(keys.size());
  }

  @Provide
  Arbitrary<Object> machines() {
    Arbitrary<Object> leaf = valueOrShape(scalar());
    Arbitrary<Object> tag = object(TAG_KEYS, leaf).map(m -> (Object) m);
    Arbitrary<Object> tags = tag.list().ofMaxSize(4).map(l -> (Object) l);
    return Combinators.combine(
            object(MACHINE_KEYS, leaf), tags, Arbitraries.integers().between(0, 2))
        .as(
            (machine, tagList, mode) -> {
              Map<String, Object> out = new LinkedHashMap<>(machine);
              if (mode > 0) {
                out.put("tags", tagList);
              }
              if (mode == 2) {
                // Start from the valid one, so the protocol checks are reached too.
                out.putIfAbsent("id", "press-01");
                out.putIfAbsent("area", "pressing");
                out.putIfAbsent("line", "line-1");
                out.putIfAbsent("protocol", "modbus");
                out.putIfAbsent("endpoint", "tcp://127.0.0.1:5020");
              }
              return (Object) out;
            });
  }

  @Provide
  Arbitrary<Object> anyJson() {
    return Arbitraries.recursive(
        MachineValidationPropertiesTest::scalar, inner -> valueOrShape(inner), 0, 5);
  }

  @Provide
  Arbitrary<String> mutated() {
    return Arbitraries.integers()
        .between(0, VALID.length() - 1)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .flatMap(
            cuts ->
                Arbitraries.strings()
                    .withChars("{}[]\":,0a\\ ")
                    .ofMaxLength(2)
                    .map(
                        insert -> {
                          List<Integer> sorted = new ArrayList<>(cuts);
                          sorted.sort(null);
                          StringBuilder out = new StringBuilder(VALID);
                          for (int i = sorted.size() - 1; i >= 0; i--) {
                            int at = sorted.get(i);
                            out.replace(at, Math.min(out.length(), at + 1), insert);
                          }
                          return out.toString();
                        }));
  }
}
