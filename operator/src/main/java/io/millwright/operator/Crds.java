package io.millwright.operator;

/**
 * The API group and version of Millwright's custom resources, and the labels it puts on objects.
 */
public final class Crds {

  public static final String GROUP = "millwright.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Server-side apply field manager: the fields the operator owns on every object it writes. */
  public static final String FIELD_MANAGER = "millwright-operator";

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String SITE = GROUP + "/site";
  public static final String CONNECTOR = GROUP + "/connector";

  /** Pod template annotation whose change (and only whose change) rolls a workload's pods. */
  public static final String CONFIG_HASH = GROUP + "/config-hash";

  /** Node label a machine's {@code edgeLocation} selects (required node affinity). */
  public static final String EDGE_LOCATION_LABEL = GROUP + "/edge-location";

  /** Names: [a-z0-9-], as the namespace's names (core's Names). */
  public static final String NAME_PATTERN = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";

  private Crds() {}
}
