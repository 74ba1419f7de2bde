package io.millwright.publisher.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test certificates made by the running JDK's keytool and, for mosquitto's PEM files, openssl. */
final class Certificates {

  private Certificates() {}

  /** A self-signed PKCS#12 key store for a server on localhost / 127.0.0.1. */
  static Path selfSigned(Path directory, String name, String password)
      throws IOException, InterruptedException {
    Path store = directory.resolve(name + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    return store;
  }

  /** A PKCS#12 trust store holding the certificate of {@code keyStore}'s {@code alias}. */
  static Path trustStoreOf(Path keyStore, String alias, String password, Path trustStore)
      throws IOException, InterruptedException {
    Path pem = Files.createTempFile(keyStore.getParent(), alias, ".pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        alias,
        "-keystore",
        keyStore.toString(),
        "-storepass",
        password,
        "-file",
        pem.toString());
    return trustPem(pem, password, trustStore);
  }

  /** A PKCS#12 trust store holding one PEM certificate. */
  static Path trustPem(Path pem, String password, Path trustStore)
      throws IOException, InterruptedException {
    Files.deleteIfExists(trustStore);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        pem.toString(),
        "-keystore",
        trustStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    return trustStore;
  }

  static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    run(command);
  }

  static void openssl(Path directory, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
