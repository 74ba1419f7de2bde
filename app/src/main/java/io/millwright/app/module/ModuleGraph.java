package io.millwright.app.module;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The modules of the binary and their dependencies (after Grafana Loki's module manager): resolves
 * the roles a user asked for into the modules to run, in a deterministic start order, and rejects
 * unknown names and cycles.
 */
public final class ModuleGraph {

  /** The pseudo-role that stands for every role marked as part of an edge site. */
  public static final String ALL = "all";

  private final Map<String, ModuleDescriptor> modules = new LinkedHashMap<>();
  private final List<String> allRoles;
  private final List<String> alwaysOn;

  /**
   * @param allRoles the roles that {@value #ALL} expands to
   * @param alwaysOn internal modules every process runs, whatever its roles (the credential store
   *     behind the API)
   * @throws IllegalArgumentException if a module needs one that does not exist, or the graph has a
   *     cycle
   */
  public ModuleGraph(
      Collection<ModuleDescriptor> descriptors, List<String> allRoles, List<String> alwaysOn) {
    for (ModuleDescriptor d : descriptors) {
      if (modules.putIfAbsent(d.name(), d) != null) {
        throw new IllegalArgumentException("module '" + d.name() + "' is declared twice");
      }
    }
    for (ModuleDescriptor d : descriptors) {
      for (String need : d.needs()) {
        if (!modules.containsKey(need)) {
          throw new IllegalArgumentException(
              "module '" + d.name() + "' needs '" + need + "', which does not exist");
        }
      }
    }
    for (String role : allRoles) {
      if (!roleNames().contains(role)) {
        throw new IllegalArgumentException(
            "'" + ALL + "' names '" + role + "', which is not a role");
      }
    }
    for (String name : alwaysOn) {
      if (!modules.containsKey(name)) {
        throw new IllegalArgumentException("always-on module '" + name + "' does not exist");
      }
    }
    this.allRoles = List.copyOf(allRoles);
    this.alwaysOn = List.copyOf(alwaysOn);
    order(modules.keySet());
  }

  /** The roles users can choose, sorted. */
  public TreeSet<String> roleNames() {
    return modules.values().stream()
        .filter(ModuleDescriptor::role)
        .map(ModuleDescriptor::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The modules to run for the requested roles, dependencies first. Among modules free to start,
   * the one first in alphabetical order goes first, so every run of the same roles starts in the
   * same order.
   *
   * @throws UnknownRoleException naming the unknown role and listing the known ones
   */
  public List<ModuleDescriptor> plan(Collection<String> requestedRoles) {
    TreeSet<String> wanted = new TreeSet<>(alwaysOn);
    for (String role : requestedRoles) {
      if (role.equals(ALL)) {
        wanted.addAll(allRoles);
      } else if (roleNames().contains(role)) {
        wanted.add(role);
      } else {
        throw new UnknownRoleException(role, knownRolesText());
      }
    }
    TreeSet<String> closure = new TreeSet<>();
    List<String> todo = new ArrayList<>(wanted);
    while (!todo.isEmpty()) {
      String name = todo.removeLast();
      if (closure.add(name)) {
        todo.addAll(modules.get(name).needs());
      }
    }
    return order(closure).stream().map(modules::get).toList();
  }

  /** "all, broker, historian" - what a user may pass to {@code --roles}. */
  public String knownRolesText() {
    TreeSet<String> names = roleNames();
    return ALL + (names.isEmpty() ? "" : ", " + String.join(", ", names));
  }

  private List<String> order(Collection<String> names) {
    Map<String, Integer> pending = new LinkedHashMap<>();
    for (String name : names) {
      pending.put(name, (int) modules.get(name).needs().stream().filter(names::contains).count());
    }
    List<String> ordered = new ArrayList<>();
    TreeSet<String> free = new TreeSet<>();
    pending.forEach(
        (name, count) -> {
          if (count == 0) {
            free.add(name);
          }
        });
    while (!free.isEmpty()) {
      String next = free.pollFirst();
      ordered.add(next);
      for (String other : names) {
        if (modules.get(other).needs().contains(next)
            && pending.merge(other, -1, Integer::sum) == 0) {
          free.add(other);
        }
      }
    }
    if (ordered.size() < names.size()) {
      TreeSet<String> stuck = new TreeSet<>(names);
      ordered.forEach(stuck::remove);
      throw new IllegalArgumentException(
          "modules depend on each other in a cycle: " + String.join(", ", stuck));
    }
    return ordered;
  }

  /** A role name that is not in the binary. */
  public static final class UnknownRoleException extends IllegalArgumentException {
    public UnknownRoleException(String role, String known) {
      super("unknown role '" + role + "'; known roles: " + known);
    }
  }
}
