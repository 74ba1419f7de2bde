package io.millwright.uns.mirror;

import io.millwright.core.namespace.Names;

/**
 * Where a machine sits below the site (ISA-95 area and work centre), which Sparkplug topics do not
 * carry.
 */
public record MachinePlacement(String area, String line) {
  public MachinePlacement {
    Names.requireName("area name", area);
    Names.requireName("line name", line);
  }
}
