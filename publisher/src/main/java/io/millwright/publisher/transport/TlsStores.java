package io.millwright.publisher.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Reads the PKCS#12 trust and key stores of the transports' TLS; passwords never in messages. */
final class TlsStores {

  private TlsStores() {}

  /** The authorities a transport trusts: the store's, or the JDK's when there is none. */
  static Optional<TrustManagerFactory> trust(Optional<Path> store, Optional<String> password) {
    if (store.isEmpty()) {
      return Optional.empty();
    }
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(load(store.get(), password, "trust store"));
      return Optional.of(factory);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use the trust store " + store.get() + ": " + e.getMessage(), e);
    }
  }

  /** The client certificate and its key a transport presents, if any. */
  static Optional<KeyManagerFactory> keys(Optional<Path> store, Optional<String> password) {
    if (store.isEmpty()) {
      return Optional.empty();
    }
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(
          load(store.get(), password, "key store"),
          password.map(String::toCharArray).orElse(new char[0]));
      return Optional.of(factory);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use the key store " + store.get() + ": " + e.getMessage(), e);
    }
  }

  /** An SSL context of the given trust store (the JDK's authorities without one). */
  static SSLContext context(Optional<Path> trustStore, Optional<String> password) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          trust(trustStore, password).map(TrustManagerFactory::getTrustManagers).orElse(null),
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
    }
  }

  private static KeyStore load(Path path, Optional<String> password, String what)
      throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, password.map(String::toCharArray).orElse(null));
    } catch (IOException e) {
      // a wrong password shows as an IOException too; its message names no secret
      throw new IllegalArgumentException(
          "cannot read the " + what + " " + path + " (PKCS#12): " + e.getMessage(), e);
    }
    return store;
  }
}
