package io.millwright.jobs.book;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.StateModel;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import io.millwright.jobs.erp.ErpOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the site knows for planning jobs: its machines and their writable job tags, machine groups,
 * which machines make which product, and how eagerly jobs are released and dispatched.
 *
 * @param machines the site's machines by id, in definition order
 * @param groups named sets of machines an order may name instead of one machine
 * @param products product → the machines that make it; empty: any product on any machine (then an
 *     order must name its machine or group)
 * @param tags the job tags written to a machine
 * @param autoRelease an imported job goes into a machine's queue by itself
 * @param autoDispatch the head of a free machine's queue is sent to it by itself
 * @param dispatchTimeout how long a machine has to read a written job back
 * @param dispatchAttempts writes per dispatch before it fails
 * @param retryAfter how long after a failed dispatch the site tries the job again by itself
 * @param progressInterval at most how often the ERP hears quantities of a running job
 */
public record JobRules(
    Map<String, MachineDefinition> machines,
    Map<String, List<String>> groups,
    Map<String, List<String>> products,
    JobTags tags,
    boolean autoRelease,
    boolean autoDispatch,
    Duration dispatchTimeout,
    int dispatchAttempts,
    Duration retryAfter,
    Duration progressInterval) {

  /** Tags a machine shows its job on; the counters come from its state model when it has one. */
  public record JobTags(
      String order, String product, String target, String goodCount, String scrapCount) {
    public static final JobTags DEFAULT =
        new JobTags("job/order", "job/product", "job/target", "counts/good", "counts/scrap");
  }

  /** Recipe values per order at most: a recipe is a handful of setpoints, not a data dump. */
  public static final int MAX_RECIPE = 200;

  public JobRules {
    machines = Collections.unmodifiableMap(new LinkedHashMap<>(machines));
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    products = Collections.unmodifiableMap(new LinkedHashMap<>(products));
    if (dispatchAttempts < 1) {
      throw new IllegalArgumentException("dispatch attempts must be at least 1");
    }
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      for (String m : g.getValue()) {
        if (!machines.containsKey(m)) {
          throw new IllegalArgumentException(
              "group " + g.getKey() + " names machine \"" + m + "\", which the site does not have");
        }
      }
      if (machines.containsKey(g.getKey())) {
        throw new IllegalArgumentException(
            "group "
                + g.getKey()
                + " has the name of a machine; an order could not tell them apart");
      }
    }
    for (Map.Entry<String, List<String>> p : products.entrySet()) {
      for (String m : p.getValue()) {
        if (!machines.containsKey(m)) {
          throw new IllegalArgumentException(
              "product "
                  + p.getKey()
                  + " names machine \""
                  + m
                  + "\", which the site does not have");
        }
      }
    }
  }

  /** Defaults for everything but the machines: manual release, automatic dispatch. */
  public static JobRules of(List<MachineDefinition> machines) {
    Map<String, MachineDefinition> byId = new LinkedHashMap<>();
    machines.forEach(m -> byId.put(m.id(), m));
    return new JobRules(
        byId,
        Map.of(),
        Map.of(),
        JobTags.DEFAULT,
        false,
        true,
        Duration.ofSeconds(10),
        3,
        Duration.ofMinutes(1),
        Duration.ofMinutes(1));
  }

  public JobRules withProducts(Map<String, List<String>> byProduct) {
    return new JobRules(
        machines,
        groups,
        byProduct,
        tags,
        autoRelease,
        autoDispatch,
        dispatchTimeout,
        dispatchAttempts,
        retryAfter,
        progressInterval);
  }

  public JobRules withGroups(Map<String, List<String>> named) {
    return new JobRules(
        machines,
        named,
        products,
        tags,
        autoRelease,
        autoDispatch,
        dispatchTimeout,
        dispatchAttempts,
        retryAfter,
        progressInterval);
  }

  public JobRules withRelease(boolean auto, boolean dispatchAuto) {
    return new JobRules(
        machines,
        groups,
        products,
        tags,
        auto,
        dispatchAuto,
        dispatchTimeout,
        dispatchAttempts,
        retryAfter,
        progressInterval);
  }

  /** The dispatch timeout, the writes per dispatch and how often the ERP hears progress. */
  public JobRules withTiming(Duration timeout, int attempts, Duration progress) {
    return new JobRules(
        machines,
        groups,
        products,
        tags,
        autoRelease,
        autoDispatch,
        timeout,
        attempts,
        retryAfter,
        progress);
  }

  /**
   * The machines that may run the order, in definition order.
   *
   * @throws IllegalArgumentException naming why none may (the dead letter's reason)
   */
  public List<String> candidates(ErpOrder order) {
    if (order.orderNumber().isBlank()) {
      throw new IllegalArgumentException("the order has no order number");
    }
    if (order.setpoints().size() > MAX_RECIPE) {
      throw new IllegalArgumentException(
          "a recipe of " + order.setpoints().size() + " values; at most " + MAX_RECIPE);
    }
    if (order.quantity() <= 0) {
      throw new IllegalArgumentException("quantity " + order.quantity() + " is not positive");
    }
    List<String> makers = products.get(order.product());
    if (!products.isEmpty() && makers == null) {
      throw new IllegalArgumentException(
          "unknown product \""
              + order.product()
              + "\"; the site makes "
              + String.join(", ", products.keySet()));
    }
    List<String> named;
    if (order.machine().isPresent()) {
      String m = order.machine().get();
      if (machines.containsKey(m)) {
        named = List.of(m);
      } else if (groups.containsKey(m)) {
        named = groups.get(m);
      } else {
        throw new IllegalArgumentException("unknown machine or machine group \"" + m + "\"");
      }
    } else if (makers == null) {
      throw new IllegalArgumentException(
          "the order names no machine, and the site has no product list to choose one by");
    } else {
      named = makers;
    }
    List<String> out = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (String m : machines.keySet()) {
      if (!named.contains(m)) {
        continue;
      }
      if (makers != null && !makers.contains(m)) {
        reasons.add(m + " does not make " + order.product());
        continue;
      }
      Optional<String> unfit = unfit(machines.get(m), order);
      if (unfit.isPresent()) {
        reasons.add(unfit.get());
        continue;
      }
      out.add(m);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          String.join("; ", reasons)
              + (makers == null
                  ? ""
                  : " (" + order.product() + " is made on " + String.join(", ", makers) + ")"));
    }
    return out;
  }

  /** Why the machine cannot take the order's fields, if it cannot. */
  private Optional<String> unfit(MachineDefinition machine, ErpOrder order) {
    for (String name : List.of(tags.order(), tags.product(), tags.target())) {
      if (writable(machine, name).isEmpty()) {
        return Optional.of(machine.id() + " has no writable tag " + name);
      }
    }
    for (Map.Entry<String, String> s : order.setpoints().entrySet()) {
      Optional<Tag> tag = writable(machine, s.getKey());
      if (tag.isEmpty()) {
        return Optional.of(machine.id() + " has no writable tag " + s.getKey() + " for the recipe");
      }
      try {
        value(tag.get().type(), s.getValue());
      } catch (IllegalArgumentException e) {
        return Optional.of(machine.id() + " " + s.getKey() + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  private static Optional<Tag> writable(MachineDefinition machine, String name) {
    return machine.tags().stream().filter(t -> t.name().equals(name) && t.writable()).findFirst();
  }

  /**
   * The values to write for a job, in order: recipe, product, target (the parts still to make),
   * order key last.
   */
  List<Map.Entry<String, Value>> fields(String machine, Job job) {
    MachineDefinition m = machines.get(machine);
    List<Map.Entry<String, Value>> out = new ArrayList<>();
    for (Map.Entry<String, String> s : job.order().setpoints().entrySet()) {
      out.add(
          Map.entry(s.getKey(), value(writable(m, s.getKey()).orElseThrow().type(), s.getValue())));
    }
    out.add(Map.entry(tags.product(), Value.of(job.order().product())));
    out.add(Map.entry(tags.target(), Value.of(job.remaining())));
    out.add(Map.entry(tags.order(), Value.of(job.key())));
    return out;
  }

  /** The value that tells a machine it has no job. */
  List<Map.Entry<String, Value>> clear() {
    return List.of(Map.entry(tags.order(), Value.of("")));
  }

  public String goodTag(String machine) {
    return model(machine).flatMap(StateModel::goodTag).orElse(tags.goodCount());
  }

  public String scrapTag(String machine) {
    return model(machine).flatMap(StateModel::scrapTag).orElse(tags.scrapCount());
  }

  private Optional<StateModel> model(String machine) {
    MachineDefinition m = machines.get(machine);
    return m == null ? Optional.empty() : m.states();
  }

  /**
   * A recipe value from the ERP's text, typed as the tag.
   *
   * @throws IllegalArgumentException when the text is not a value of that type
   */
  static Value value(DataType type, String text) {
    String t = text.strip();
    return switch (type.kind()) {
      case STRING -> Value.of(text);
      case BOOLEAN -> {
        if (t.equalsIgnoreCase("true") || t.equals("1")) {
          yield Value.of(true);
        }
        if (t.equalsIgnoreCase("false") || t.equals("0")) {
          yield Value.of(false);
        }
        throw new IllegalArgumentException("\"" + text + "\" is not true or false");
      }
      case LONG -> {
        try {
          yield Value.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("\"" + text + "\" is not a whole number", e);
        }
      }
      case DOUBLE -> {
        try {
          double d = Double.parseDouble(t);
          if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("\"" + text + "\" is not a finite number");
          }
          yield Value.of(d);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("\"" + text + "\" is not a number", e);
        }
      }
    };
  }
}
