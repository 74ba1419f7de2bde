package io.millwright.simulator.opcua;

import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The Value attribute of one tag's variable, taken from the model whenever it is read or sampled
 * (nothing is cached, so a 100 ms monitored item sees the model as of that sample), and written
 * through to the model. A machine whose link is down answers Bad_NoCommunication both ways.
 */
final class TagValueFilter implements AttributeFilter {

  private final ServedMachine machine;
  private final TagSpec tag;
  private final OpcUaCounters counters;

  TagValueFilter(ServedMachine machine, TagSpec tag, OpcUaCounters counters) {
    this.machine = machine;
    this.tag = tag;
    this.counters = counters;
  }

  @Override
  public Object getAttribute(AttributeFilterContext ctx, AttributeId attributeId) {
    if (attributeId != AttributeId.Value) {
      return ctx.getAttribute(attributeId);
    }
    DateTime now = DateTime.now();
    if (!machine.linkUp()) {
      return new DataValue(
          Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_NoCommunication), null, now);
    }
    try {
      Variant variant = OpcUaTypes.toVariant(tag.type(), machine.read(tag.name()));
      return new DataValue(variant, StatusCode.GOOD, now, now);
    } catch (RuntimeException e) {
      // A model bug must not break the session: report it on this value only.
      counters.readFailure();
      return new DataValue(
          Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_InternalError), null, now);
    }
  }

  @Override
  public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
      throws UaException {
    if (attributeId != AttributeId.Value) {
      ctx.writeAttribute(attributeId, value);
      return;
    }
    if (!tag.writable()) {
      counters.writeRefused();
      throw new UaException(StatusCodes.Bad_NotWritable, tag.name() + " is read-only");
    }
    if (!machine.linkUp()) {
      counters.writeRefused();
      throw new UaException(StatusCodes.Bad_NoCommunication, machine.id() + " link is down");
    }
    Value converted;
    try {
      converted = OpcUaTypes.fromVariant(tag.type(), ((DataValue) value).getValue());
    } catch (IllegalArgumentException e) {
      counters.writeRefused();
      throw new UaException(StatusCodes.Bad_TypeMismatch, e.getMessage());
    }
    try {
      machine.write(tag.name(), converted);
      counters.write();
    } catch (IllegalArgumentException e) {
      // The node's DataType already matched, so the model refused the value itself.
      counters.writeRefused();
      throw new UaException(StatusCodes.Bad_OutOfRange, e.getMessage());
    }
  }
}
