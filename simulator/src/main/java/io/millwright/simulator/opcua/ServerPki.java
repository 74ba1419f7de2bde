package io.millwright.simulator.opcua;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.KeyStoreCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;

/**
 * The server's application instance certificate and trust decisions. The certificate is
 * self-signed, generated on first start and kept in a PKCS#12 key store in the PKI directory, so
 * clients that pinned it keep trusting the simulator across restarts.
 *
 * <p>Every client certificate is accepted: the simulator is a demo server that connectors and tools
 * must reach without an enrolment step. A real plant server rejects unknown certificates.
 */
final class ServerPki {

  static final String KEY_STORE_FILE = "simulator-server.pfx";

  /**
   * The key store only guards a demo certificate that lives next to it; the password is not a
   * secret.
   */
  private static final char[] KEY_STORE_PASSWORD = "millwright-simulator".toCharArray();

  private ServerPki() {}

  static CertificateManager certificateManager(Path pkiDir, String applicationUri, String host)
      throws Exception {
    Files.createDirectories(pkiDir);
    KeyStoreCertificateStore store =
        KeyStoreCertificateStore.createAndInitialize(
            new KeyStoreCertificateStore.Settings(
                pkiDir.resolve(KEY_STORE_FILE),
                () -> KEY_STORE_PASSWORD,
                alias -> KEY_STORE_PASSWORD));
    DefaultApplicationGroup group =
        DefaultApplicationGroup.createAndInitialize(
            new MemoryTrustListManager(),
            store,
            new SelfSignedFactory(applicationUri, host),
            trustAnyClient());
    return new DefaultCertificateManager(new MemoryCertificateQuarantine(), group);
  }

  /** Accepts any client certificate chain that is present at all (see the class comment). */
  static CertificateValidator trustAnyClient() {
    return (chain, applicationUri, validHostNames) -> {
      if (chain == null || chain.isEmpty()) {
        throw new UaException(StatusCodes.Bad_CertificateInvalid, "no client certificate");
      }
    };
  }

  private static final class SelfSignedFactory extends RsaSha256CertificateFactory {

    private final String applicationUri;
    private final String host;

    SelfSignedFactory(String applicationUri, String host) {
      this.applicationUri = applicationUri;
      this.host = host;
    }

    @Override
    protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
      SelfSignedCertificateBuilder builder =
          new SelfSignedCertificateBuilder(keyPair)
              .setCommonName("Millwright simulator")
              .setOrganization("Millwright")
              .setApplicationUri(applicationUri)
              .setValidityPeriod(Period.ofYears(10))
              .addDnsName("localhost")
              .addIpAddress("127.0.0.1");
      for (String name : List.of(host, InetAddress.getLocalHost().getHostName())) {
        if (isIpAddress(name)) {
          builder.addIpAddress(name);
        } else {
          builder.addDnsName(name);
        }
      }
      return new X509Certificate[] {builder.build()};
    }

    private static boolean isIpAddress(String name) {
      return name.chars().allMatch(c -> Character.isDigit(c) || c == '.') || name.contains(":");
    }
  }
}
