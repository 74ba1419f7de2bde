package io.millwright.operator.site;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.millwright.operator.Crds;

/**
 * One plant site: how its roles are deployed. One Site per namespace; the namespace's {@code
 * Machine} resources are its machines.
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@ShortNames("mwsite")
public class Site extends CustomResource<SiteSpec, SiteStatus> implements Namespaced {

  /**
   * The site id of the namespace (Sparkplug group id): {@code spec.site} or the resource's name.
   */
  public String siteId() {
    return getSpec() != null && getSpec().site != null ? getSpec().site : getMetadata().getName();
  }
}
