package io.millwright.connect.modbus;

import io.millwright.connect.ConnectorFactory;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds Modbus TCP connectors (protocol {@code modbus}). The endpoint is {@code tcp://host:port}
 * (port 502 when left out). Options, all optional: {@code unitId} (0 to 255, default 1), {@code
 * wordOrder} and {@code byteOrder} ({@code big} or {@code little}, default {@code big}: the high
 * word and the high byte first), {@code timeout} for connecting and for each response ({@code
 * 500ms}, {@code 2s}; default 1s; a timeout counts as a lost link), {@code maxRegisters} per read
 * request (1 to 125, default 125, for devices that accept less) and {@code maxGap} (unused
 * registers that may be read to merge two ranges into one request, default 8). Tag addresses are
 * zero-based: {@code coil:N} (bool, read FC1, written FC5, or FC15 for neighbouring coils), {@code
 * discrete:N} (bool, read-only, FC2), {@code input:N} (read-only registers, FC4) and {@code
 * holding:N} (registers, read FC3, written FC6 for one register and FC16 for more), with N from 0
 * to 65535. Register tags are int16 or uint16 (one register), int32, uint32 or float32 (two), int64
 * or float64 (four), or string written {@code holding:N:L} / {@code input:N:L} for L registers of
 * two ASCII characters each (NUL padding trimmed; word order does not apply to strings, byte order
 * does). Tags sharing a sampling interval are polled together, neighbouring addresses in as few
 * requests as possible. A scaled numeric tag is delivered as a double. A mismatch between address
 * and type, a range past register 65535, a string without its length or a writable input or
 * discrete tag is refused by {@link #create} naming the field, e.g. {@code tags[3].address}.
 */
public final class ModbusConnectorFactory implements ConnectorFactory {

  @Override
  public Protocol protocol() {
    return Protocol.MODBUS;
  }

  @Override
  public ModbusConnector create(MachineDefinition machine) {
    if (machine.protocol() != Protocol.MODBUS) {
      throw new DefinitionException(
          "protocol", "is " + machine.protocol().configName() + ", not modbus");
    }
    ModbusEndpoint endpoint = ModbusEndpoint.parse(machine.endpoint());
    ModbusOptions options = ModbusOptions.parse(machine.options());
    List<ModbusTag> tags = new ArrayList<>();
    Map<Duration, List<ModbusTag>> byInterval = new TreeMap<>();
    for (int i = 0; i < machine.tags().size(); i++) {
      ModbusTag tag = ModbusTag.of(i, machine.tags().get(i), options);
      tags.add(tag);
      byInterval
          .computeIfAbsent(machine.samplingInterval(tag.tag()), k -> new ArrayList<>())
          .add(tag);
    }
    List<PollGroup> groups = new ArrayList<>();
    byInterval.forEach(
        (interval, inGroup) ->
            groups.add(
                new PollGroup(interval, RequestPlanner.plan(inGroup, options), inGroup.size())));
    return new ModbusConnector(machine.id(), endpoint, options, tags, groups);
  }
}
