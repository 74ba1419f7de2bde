package io.millwright.jobs.book;

import io.millwright.core.sample.Value;
import java.util.List;
import java.util.Map;

/**
 * Values to write to one machine's tags, in order, for a job: the recipe first, then product and
 * target, the order number last (a machine that starts on a new order number then finds the rest in
 * place).
 */
public record MachineWrite(String machine, long job, List<Map.Entry<String, Value>> values) {

  public MachineWrite {
    values = List.copyOf(values);
  }
}
