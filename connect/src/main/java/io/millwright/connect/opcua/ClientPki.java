package io.millwright.connect.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The connector's OPC UA certificates, kept in one directory an operator can manage with a file
 * browser:
 *
 * <ul>
 *   <li>{@code own/millwright-client.p12}: the client's application certificate and key, created
 *       once (servers trust a client by its certificate, so a new one at every restart would undo
 *       the operator's trust decision);
 *   <li>{@code trusted/certs/}: server certificates this client trusts (DER or PEM);
 *   <li>{@code rejected/}: server certificates that were refused, to be moved to trusted.
 * </ul>
 */
final class ClientPki {

  static final String APPLICATION_URI = "urn:millwright:connector:opcua";
  static final String APPLICATION_NAME = "Millwright OPC UA connector";

  private static final System.Logger LOG = System.getLogger(ClientPki.class.getName());
  private static final String KEYSTORE_FILE = "millwright-client.p12";
  private static final String ALIAS = "client";

  /**
   * The key store protects nothing the file system does not: the password only satisfies PKCS#12.
   * Access to the key is controlled by the permissions of the pki directory.
   */
  private static final char[] KEYSTORE_PASSWORD = "millwright".toCharArray();

  private final Path directory;
  private ClientCertificate own;

  /** The client's key pair and self-signed certificate. */
  record ClientCertificate(KeyPair keyPair, X509Certificate certificate) {}

  ClientPki(Path directory) {
    this.directory = directory.toAbsolutePath();
  }

  Path directory() {
    return directory;
  }

  Path trustedCertificates() {
    return directory.resolve("trusted").resolve("certs");
  }

  Path rejectedCertificates() {
    return directory.resolve("rejected");
  }

  /**
   * Loads the client certificate, creating it on first use. Synchronized because several connectors
   * share one directory and must not each create their own.
   */
  synchronized ClientCertificate own() {
    if (own == null) {
      try {
        Files.createDirectories(trustedCertificates());
        Files.createDirectories(rejectedCertificates());
        Path file = directory.resolve("own").resolve(KEYSTORE_FILE);
        own = Files.exists(file) ? load(file) : create(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot use the OPC UA pki directory " + directory, e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(
            "cannot read or create the OPC UA client certificate in " + directory, e);
      }
    }
    return own;
  }

  private static ClientCertificate load(Path file) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, KEYSTORE_PASSWORD);
    }
    PrivateKey key = (PrivateKey) store.getKey(ALIAS, KEYSTORE_PASSWORD);
    X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
    if (key == null || certificate == null) {
      throw new GeneralSecurityException(file + " holds no entry \"" + ALIAS + "\"");
    }
    return new ClientCertificate(new KeyPair(certificate.getPublicKey(), key), certificate);
  }

  private static ClientCertificate create(Path file) throws IOException, GeneralSecurityException {
    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate certificate;
    try {
      SelfSignedCertificateBuilder builder =
          new SelfSignedCertificateBuilder(keyPair)
              .setCommonName(APPLICATION_NAME)
              .setOrganization("Millwright")
              .setApplicationUri(APPLICATION_URI)
              .setValidityPeriod(Period.ofYears(10))
              .addDnsName("localhost");
      String hostname = InetAddress.getLocalHost().getHostName();
      if (!hostname.equals("localhost")) {
        builder.addDnsName(hostname);
      }
      certificate = builder.build();
    } catch (IOException | GeneralSecurityException e) {
      throw e;
    } catch (Exception e) {
      throw new GeneralSecurityException("cannot build the client certificate", e);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, KEYSTORE_PASSWORD);
    store.setKeyEntry(
        ALIAS, keyPair.getPrivate(), KEYSTORE_PASSWORD, new Certificate[] {certificate});
    Files.createDirectories(file.getParent());
    // Written beside and moved, so that a crash never leaves a half-written key store behind.
    Path partial = file.resolveSibling(KEYSTORE_FILE + ".partial");
    try (OutputStream out = Files.newOutputStream(partial)) {
      store.store(out, KEYSTORE_PASSWORD);
    }
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
    LOG.log(
        System.Logger.Level.INFO,
        "created the OPC UA client certificate {0} (thumbprint {1}); servers that check clients"
            + " must trust it",
        file,
        thumbprint(certificate));
    return new ClientCertificate(keyPair, certificate);
  }

  /** How this client judges server certificates. */
  CertificateValidator validator(OpcUaOptions.ServerTrust trust, String endpoint) {
    return switch (trust) {
      case ALWAYS -> new CertificateValidator.InsecureCertificateValidator();
      case TRUST_LIST ->
          (chain, applicationUri, hostnames) ->
              validate(chain, endpoint, applicationUri, hostnames);
    };
  }

  private void validate(
      List<X509Certificate> chain, String endpoint, String applicationUri, String[] hostnames)
      throws UaException {
    // The trust list is read at every handshake (rare) so that a certificate an operator moves to
    // trusted/certs counts at the next reconnect, without a restart.
    MemoryTrustListManager trustList = new MemoryTrustListManager();
    trustList.setTrustedCertificates(loadTrusted());
    try {
      new DefaultClientCertificateValidator(trustList, new MemoryCertificateQuarantine())
          .validateCertificateChain(chain, applicationUri, hostnames);
    } catch (UaException e) {
      X509Certificate server = chain.get(0);
      Path copy = reject(server);
      LOG.log(
          System.Logger.Level.WARNING,
          "OPC UA server {0} presented certificate \"{1}\" (thumbprint {2}), which is not trusted"
              + " ({3}); it was copied to {4}: move it to {5} to trust this server",
          endpoint,
          server.getSubjectX500Principal().getName(),
          thumbprint(server),
          e.getMessage(),
          copy,
          trustedCertificates());
      throw new UaException(
          StatusCodes.Bad_SecurityChecksFailed,
          "server certificate not trusted; copied to "
              + copy
              + ", move it to "
              + trustedCertificates(),
          e);
    }
  }

  private List<X509Certificate> loadTrusted() {
    List<X509Certificate> trusted = new ArrayList<>();
    if (!Files.isDirectory(trustedCertificates())) {
      return trusted;
    }
    try (Stream<Path> files = Files.list(trustedCertificates())) {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          for (Certificate certificate : factory.generateCertificates(in)) {
            trusted.add((X509Certificate) certificate);
          }
        } catch (IOException | GeneralSecurityException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "ignoring {0} in the trusted certificates: not a DER or PEM certificate ({1})",
              file,
              e.getMessage());
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "cannot read the trusted certificates in {0}: {1}",
          trustedCertificates(),
          e.getMessage());
    }
    return trusted;
  }

  private Path reject(X509Certificate certificate) {
    Path file = rejectedCertificates().resolve(fileName(certificate));
    try {
      if (Files.exists(file)) {
        // The name holds the thumbprint: the same certificate, refused again at a retry.
        return file;
      }
      // Written aside and renamed: an operator (or a script) moving it to trusted/ never takes a
      // half-written certificate.
      Files.createDirectories(rejectedCertificates());
      Path written = Files.createTempFile(rejectedCertificates(), ".rejected-", ".tmp");
      try {
        Files.write(written, certificate.getEncoded());
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(written);
      }
    } catch (IOException | GeneralSecurityException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot write rejected certificate {0}: {1}", file, e);
    }
    return file;
  }

  /** A file name an operator recognises: the certificate's common name and its thumbprint. */
  static String fileName(X509Certificate certificate) {
    String subject = certificate.getSubjectX500Principal().getName();
    String commonName = subject;
    for (String part : subject.split(",")) {
      if (part.strip().startsWith("CN=")) {
        commonName = part.strip().substring(3);
      }
    }
    String safe = commonName.replaceAll("[^A-Za-z0-9._-]+", "-");
    return safe + " [" + thumbprint(certificate) + "].der";
  }

  static String thumbprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }
}
