package io.millwright.app.module;

import java.util.Set;
import java.util.function.Supplier;

/**
 * What the manager knows of a module before starting it.
 *
 * @param role whether users may choose it in {@code --roles}; internal modules start only as a
 *     dependency
 * @param needs names of the modules that must run before this one
 */
public record ModuleDescriptor(
    String name, String description, boolean role, Set<String> needs, Supplier<Module> factory) {

  public ModuleDescriptor {
    needs = Set.copyOf(needs);
  }

  public static ModuleDescriptor role(
      String name, String description, Set<String> needs, Supplier<Module> factory) {
    return new ModuleDescriptor(name, description, true, needs, factory);
  }

  public static ModuleDescriptor internal(
      String name, String description, Set<String> needs, Supplier<Module> factory) {
    return new ModuleDescriptor(name, description, false, needs, factory);
  }
}
