package io.millwright.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layering of ARCHITECTURE.md section 3, enforced by the build: a module may depend only
 * on modules above it in the list, and modules on one line are peers that do not depend on each
 * other. Checked twice, on the Maven dependencies and on the compiled classes (a package of one
 * module must not reach into another's).
 */
class LayeringTest {

  /** The list of section 3; modules on one rank are peers. */
  static final List<List<String>> RANKS =
      List.of(
          List.of("core"),
          List.of("uns"),
          List.of("connect"),
          List.of("historian"),
          List.of("alarms", "oee", "jobs", "publisher"),
          // The cloud side reads the publisher's batches and writes its own historian.
          List.of("cloud"),
          List.of("web"),
          List.of("operator"),
          List.of("simulator"),
          List.of("app"),
          // Packaging only: the container image of the app.
          List.of("image"));

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.millwright");
  }

  static int rank(String module) {
    for (int i = 0; i < RANKS.size(); i++) {
      if (RANKS.get(i).contains(module)) {
        return i;
      }
    }
    return -1;
  }

  static List<String> reactorModules() throws IOException {
    Matcher m =
        Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    List<String> modules = new ArrayList<>();
    while (m.find()) {
      modules.add(m.group(1));
    }
    return modules;
  }

  @Test
  void everyModuleHasAPlaceInTheArchitecture() throws IOException {
    for (String module : reactorModules()) {
      if (!module.equals("bench")) {
        assertThat(rank(module))
            .as("module %s is not in ARCHITECTURE.md section 3", module)
            .isNotNegative();
      }
    }
  }

  @Test
  void mavenDependenciesPointOnlyUpTheList() throws IOException {
    Pattern dependency = Pattern.compile("<artifactId>millwright-([a-z]+)</artifactId>");
    for (String module : reactorModules()) {
      if (module.equals("bench")) {
        continue; // benchmarks may measure anything
      }
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      String dependencies = pom.substring(Math.max(0, pom.indexOf("<dependencies>")));
      Matcher m = dependency.matcher(dependencies);
      while (m.find()) {
        String target = m.group(1);
        assertThat(rank(target))
            .as(
                "%s depends on %s, which is not above it in ARCHITECTURE.md section 3",
                module, target)
            .isLessThan(rank(module));
      }
    }
  }

  @Test
  void classesReachOnlyUpTheList() {
    for (List<String> rank : RANKS) {
      for (String module : rank) {
        List<String> forbidden = new ArrayList<>();
        for (int other = rank(module); other < RANKS.size(); other++) {
          for (String target : RANKS.get(other)) {
            if (!target.equals(module)) {
              forbidden.add("io.millwright." + target + "..");
            }
          }
        }
        if (!forbidden.isEmpty()) {
          noClasses()
              .that()
              .resideInAPackage("io.millwright." + module + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(forbidden.toArray(String[]::new))
              .allowEmptyShould(true)
              .check(classes);
        }
      }
    }
  }

  @Test
  void coreIsPlainJava() {
    classes()
        .that()
        .resideInAPackage("io.millwright.core..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.millwright.core..")
        .check(classes);
  }
}
