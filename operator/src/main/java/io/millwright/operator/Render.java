package io.millwright.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.operator.machine.Machine;
import io.millwright.operator.machine.MachineValidation;
import io.millwright.operator.site.Site;
import io.millwright.operator.site.SitePlan;
import io.millwright.operator.site.SiteResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code millwright operator render}: the objects the operator would apply for a Site and its
 * Machines, computed by the same functions as the reconciler, without a cluster (for GitOps, review
 * and tests).
 */
public final class Render {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  /** The site's objects and the machines left out, each with its reason. */
  public record Rendering(List<HasMetadata> objects, Map<String, String> invalidMachines) {

    /** Multi-document YAML, the invalid machines first as comments. */
    public String yaml() {
      StringBuilder out = new StringBuilder();
      invalidMachines.forEach(
          (name, why) ->
              out.append("# Machine ")
                  .append(name)
                  .append(" is not deployed: ")
                  .append(why.replace('\n', ' '))
                  .append('\n'));
      for (HasMetadata o : objects) {
        String doc = K8S.asYaml(o);
        out.append(doc.startsWith("---") ? doc : "---\n" + doc);
        if (!doc.endsWith("\n")) {
          out.append('\n');
        }
      }
      return out.toString();
    }
  }

  /** A file that cannot be rendered: the message names the file and the problem. */
  public static final class RenderException extends Exception {
    public RenderException(String message) {
      super(message);
    }
  }

  private Render() {}

  public static Rendering render(List<Path> files, Consumer<MachineDefinition> protocolCheck)
      throws RenderException {
    List<Site> sites = new ArrayList<>();
    List<Machine> machines = new ArrayList<>();
    for (Path file : files) {
      read(file, sites, machines);
    }
    if (sites.size() != 1) {
      throw new RenderException(
          sites.isEmpty()
              ? "no Site in " + files + "; render needs exactly one"
              : "more than one Site in " + files + "; render one at a time");
    }
    Site site = sites.get(0);
    if (site.getMetadata().getNamespace() == null) {
      site.getMetadata().setNamespace("default");
    }
    String namespace = site.getMetadata().getNamespace();
    for (Machine m : machines) {
      if (m.getMetadata().getNamespace() == null) {
        m.getMetadata().setNamespace(namespace);
      } else if (!m.getMetadata().getNamespace().equals(namespace)) {
        throw new RenderException(
            "Machine "
                + m.getMetadata().getName()
                + " is in namespace "
                + m.getMetadata().getNamespace()
                + ", the Site in "
                + namespace
                + ": a Site's machines are those of its namespace");
      }
    }
    SitePlan plan;
    try {
      plan = SitePlan.of(site, machines, new MachineValidation(protocolCheck));
    } catch (IllegalArgumentException e) {
      // What the CRD's schema refuses at admission (an unknown mode), found here in a file.
      throw new RenderException("Site " + site.getMetadata().getName() + ": " + e.getMessage());
    }
    if (!plan.valid()) {
      throw new RenderException("Site " + site.getMetadata().getName() + ": " + plan.problem());
    }
    return new Rendering(SiteResources.desired(plan), plan.invalidMachines());
  }

  private static void read(Path file, List<Site> sites, List<Machine> machines)
      throws RenderException {
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(Files.newBufferedReader(file))) {
      int index = 0;
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        index++;
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        String where = file + " (document " + index + ")";
        String apiVersion = doc.path("apiVersion").asText();
        String kind = doc.path("kind").asText();
        if (!Crds.API_VERSION.equals(apiVersion)) {
          throw new RenderException(
              where + ": apiVersion must be " + Crds.API_VERSION + ", not \"" + apiVersion + "\"");
        }
        if (doc.path("metadata").path("name").asText().isEmpty()) {
          throw new RenderException(where + ": metadata.name is missing");
        }
        try {
          switch (kind) {
            case "Site" -> sites.add(K8S.convertValue(doc, Site.class));
            case "Machine" -> machines.add(K8S.convertValue(doc, Machine.class));
            default ->
                throw new RenderException(
                    where + ": kind must be Site or Machine, not \"" + kind + "\"");
          }
        } catch (IllegalArgumentException e) {
          throw new RenderException(where + ": " + rootMessage(e));
        }
      }
    } catch (JsonProcessingException e) {
      throw new RenderException(file + ": not valid YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new RenderException(file + ": cannot read: " + e.getMessage());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    int cut = m == null ? -1 : m.indexOf(" (through reference chain");
    return cut > 0 ? m.substring(0, cut) : String.valueOf(m);
  }
}
