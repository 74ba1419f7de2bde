package io.millwright.operator.machine;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.millwright.operator.Crds;

/**
 * One machine of a site: its spec is the contract's machine definition (ARCHITECTURE.md section 4),
 * its status what the connector reports. Machines in a namespace belong to that namespace's {@code
 * Site}.
 */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
@ShortNames("mwmachine")
public class Machine extends CustomResource<MachineSpec, MachineStatus> implements Namespaced {

  /** The machine id: {@code spec.id}, or the resource's name when the spec gives none. */
  public String machineId() {
    return getSpec() != null && getSpec().id != null ? getSpec().id : getMetadata().getName();
  }
}
