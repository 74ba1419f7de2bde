package io.millwright.operator.site;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Site section's {@code secretEnv}: variables of the pods that run the section's role, each from
 * a Secret's key, and the section's secret settings that refer to them as {@code ${NAME}}. Shared
 * by the alarms and jobs sections so both refuse a secret written in the Site in the same words.
 */
final class SecretEnvs {

  /** {@code ${NAME}}, as the app's configuration loader replaces it with the variable's value. */
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private SecretEnvs() {}

  /**
   * The declared variable names; each from a Secret's key, none of Millwright's own settings.
   *
   * @param section the section's field, {@code spec.alarms}
   */
  static Set<String> check(List<SiteSpec.SecretEnv> entries, String section) {
    Set<String> names = new LinkedHashSet<>();
    List<SiteSpec.SecretEnv> items = entries == null ? List.of() : entries;
    for (int i = 0; i < items.size(); i++) {
      String path = section + ".secretEnv[" + i + "]";
      SiteSpec.SecretEnv e = items.get(i);
      if (e == null || e.name == null || !e.name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new OeeSection.Problem(
            path + ".name", "needs a variable name of letters, digits and _");
      }
      // A MILLWRIGHT_ variable would be read as a setting of the pod, overriding the operator's.
      if (e.name.startsWith("MILLWRIGHT_")) {
        throw new OeeSection.Problem(
            path + ".name", "MILLWRIGHT_ variables are Millwright's settings; choose another name");
      }
      if (!names.add(e.name)) {
        throw new OeeSection.Problem(path + ".name", e.name + " is declared twice");
      }
      if (e.secretKeyRef == null
          || blank(e.secretKeyRef.getName())
          || blank(e.secretKeyRef.getKey())) {
        throw new OeeSection.Problem(path + ".secretKeyRef", "name the Secret and its key");
      }
    }
    return names;
  }

  /**
   * A value that holds a secret: it must come from the Secrets the Site names, never be written in
   * the Site, which is stored and shown in clear and copied into a ConfigMap.
   *
   * @param variables the names {@link #check} returned for the section
   * @param section the section's field, {@code spec.alarms}
   */
  static void reference(String field, String text, Set<String> variables, String section) {
    Matcher m = ENV.matcher(text == null ? "" : text);
    boolean any = false;
    while (m.find()) {
      any = true;
      if (!variables.contains(m.group(1))) {
        throw new OeeSection.Problem(
            field,
            "refers to ${"
                + m.group(1)
                + "}, which "
                + section
                + ".secretEnv does not declare; add {name: "
                + m.group(1)
                + ", secretKeyRef: {name: <Secret>, key: <key>}}");
      }
    }
    if (!any) {
      // Value not echoed: it is likely the secret itself.
      throw new OeeSection.Problem(
          field,
          "is written in the Site, which is stored and shown in clear: put it in a Secret, name it"
              + " in "
              + section
              + ".secretEnv and write ${NAME} here");
    }
  }

  /**
   * The variables as the pod's environment: only references to the Secrets' keys, so the values
   * never pass through the operator (which cannot read Secrets) or a ConfigMap.
   */
  static void addTo(List<SiteSpec.SecretEnv> entries, List<EnvVar> env) {
    if (entries == null) {
      return;
    }
    for (SiteSpec.SecretEnv e : entries) {
      env.add(
          new EnvVarBuilder()
              .withName(e.name)
              .withNewValueFrom()
              .withNewSecretKeyRef(e.secretKeyRef.getKey(), e.secretKeyRef.getName(), false)
              .endValueFrom()
              .build());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
