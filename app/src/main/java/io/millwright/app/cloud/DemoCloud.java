package io.millwright.app.cloud;

import io.millwright.app.cli.UsageException;
import io.millwright.app.config.CloudConfig;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.config.PublisherConfig;
import io.millwright.app.config.Secret;
import io.millwright.app.role.RoleCatalog;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The demo shows the whole way from machine to cloud: unless the configuration says otherwise (its
 * own {@code publisher} or {@code cloud} section), the demo runs the cloud role too and its
 * publisher sends there over HTTP on loopback, with a site token made up for this run. With {@code
 * --sites N} the cloud also registers {@code plant-2} to {@code plant-N}, which {@link DemoSites}
 * starts as processes of their own.
 */
public final class DemoCloud {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DemoCloud() {}

  public static MillwrightConfig withEdgeToCloud(MillwrightConfig config, int sites) {
    if (config.publisher().isPresent() || config.cloud().isPresent()) {
      if (sites > 1) {
        throw new UsageException(
            "demo --sites makes up its own cloud and sites; remove the publisher and cloud"
                + " sections from the configuration, or start without --sites");
      }
      return config;
    }
    List<CloudConfig.Site> registered = new ArrayList<>();
    Secret own = token();
    registered.add(new CloudConfig.Site(config.site(), config.site(), Optional.of(own)));
    for (int i = 2; i <= sites; i++) {
      String id = otherSite(config.site(), i);
      registered.add(new CloudConfig.Site(id, id, Optional.of(token())));
    }
    CloudConfig cloud =
        new CloudConfig(
            registered,
            CloudConfig.EMBEDDED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            CloudConfig.DEFAULT_RECEIPT_RETENTION);
    PublisherConfig publisher = PublisherConfig.demo("http://127.0.0.1:" + config.httpPort(), own);
    return config.withEdgeToCloud(publisher, cloud);
  }

  /** The demo's roles plus the cloud (when the demo runs it) and the other sites. */
  public static List<String> roles(MillwrightConfig config, List<String> roles, int sites) {
    List<String> out = new ArrayList<>(roles);
    if (config.cloud().isPresent() && !out.contains(RoleCatalog.CLOUD)) {
      out.add(RoleCatalog.CLOUD);
    }
    if (sites > 1 && config.cloud().isPresent()) {
      out.add(RoleCatalog.DEMO_SITES);
    }
    return out;
  }

  /** {@code plant-1} has {@code plant-2}, {@code plant-3}...; another site id gets a suffix. */
  static String otherSite(String site, int number) {
    String stem = site.matches(".*-\\d+") ? site.substring(0, site.lastIndexOf('-')) : site;
    return stem + "-" + number;
  }

  private static Secret token() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return new Secret(HexFormat.of().formatHex(bytes));
  }
}
