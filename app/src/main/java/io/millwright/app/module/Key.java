package io.millwright.app.module;

/**
 * A typed name for something a module provides to the modules that need it (the data directory, the
 * MQTT connection), so modules exchange services through the manager rather than through fields of
 * a shared object.
 */
public record Key<T>(String name, Class<T> type) {

  public static <T> Key<T> of(String name, Class<T> type) {
    return new Key<>(name, type);
  }

  @Override
  public String toString() {
    return name + " (" + type.getSimpleName() + ")";
  }
}
