package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.inmemory.InMemoryOrderflow;
import dev.orderflow.inmemory.ScriptedPaymentGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --https-port}: the same handlers over TLS on a second port, with a certificate made at start for
 * {@code 127.0.0.1} and {@code localhost}, trusted here through an SSLContext built from
 * {@link LocalRuntime#certificateFile()} only.
 */
class TlsConnectorTest {
  private static LocalRuntime runtime;
  private static HttpClient trusting;

  @BeforeAll
  static void start() throws IOException, GeneralSecurityException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().payments(ScriptedPaymentGateway.approving()).build();
    runtime = LocalRuntime.start(LocalSettings.parse(new String[] {"--port", "0", "--https-port", "0"}, Map.of()), flow);
    trusting = HttpClient.newBuilder().sslContext(trusting(runtime.certificateFile()))
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends java.security.cert.Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      int n = 0;
      for (java.security.cert.Certificate certificate : certificates) {
        trust.setCertificateEntry("local-" + n++, certificate);
      }
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  @Test
  void theHttpsConnectorAnswersHealthWithTheGeneratedCertificate() throws Exception {
    URI endpoint = runtime.httpsEndpoint();
    assertThat(endpoint.toString()).isEqualTo("https://127.0.0.1:" + runtime.httpsPort() + "/graphql");
    assertThat(runtime.httpsPort()).isNotEqualTo(runtime.port());

    HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(endpoint.resolve("/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> localhost = trusting.send(HttpRequest.newBuilder(
        URI.create("https://localhost:" + runtime.httpsPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"ok\"");
    assertThat(localhost.statusCode()).isEqualTo(200);
    X509Certificate certificate = (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0];
    assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
        .contains("127.0.0.1", "localhost");
  }

  @Test
  void graphQLWorksOverHttpsAndWithoutTrustTheHandshakeFails() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(runtime.httpsEndpoint()).header("Content-Type", "application/json")
        .header(CallerRequest.CUSTOMER_HEADER, "tls-bob")
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"{ orders { nextToken } }\"}")).build();

    HttpResponse<String> answer = trusting.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"data\":{\"orders\":{\"nextToken\":null}}}");
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void theRealtimeEndpointWorksOverWss() {
    URI wss = URI.create("wss://127.0.0.1:" + runtime.httpsPort() + RealtimeEndpoint.PATH);
    try (RealtimeClient client = RealtimeClient.connect(trusting, wss, RealtimeEndpoint.SUBPROTOCOL,
        RealtimeClient.headerSubprotocol(RealtimeClient.header("127.0.0.1:" + runtime.httpsPort(), "tls-alice")))) {
      client.initAndAwaitAck();
      client.start("tls", RealtimeProtocolTest.SUBSCRIBE, Map.of(), null);
      assertThat(client.next().type()).isEqualTo("start_ack");

      String id = (String) new GraphQLClient(runtime.endpoint()).postOrder("tls-alice", "Pizza", 1, "luigis").get("id");

      assertThat(RealtimeClient.field(client.next(), "onOrderUpdated")).containsEntry("id", id)
          .containsEntry("change", "CREATED");
    }
  }

  @Test
  void theCertificateIsDeletedOnCloseAndARuntimeWithoutTlsSaysSo() throws IOException {
    InMemoryOrderflow flow = InMemoryOrderflow.builder().live().payments(ScriptedPaymentGateway.approving()).build();
    LocalRuntime own = LocalRuntime.start(LocalSettings.onPort(0).withHttpsPort(0), flow);
    Path pem = own.certificateFile();
    assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");

    own.close();

    assertThat(pem).doesNotExist();
    assertThat(pem.getParent()).doesNotExist();
    try (LocalRuntime plain = LocalRuntime.start(LocalSettings.onPort(0),
        InMemoryOrderflow.builder().live().payments(ScriptedPaymentGateway.approving()).build())) {
      assertThat(plain.tls()).isFalse();
      assertThatThrownBy(plain::httpsEndpoint).isInstanceOf(IllegalStateException.class).hasMessageContaining("--https-port");
      assertThatThrownBy(plain::certificateFile).isInstanceOf(IllegalStateException.class);
    }
    assertThat(List.of(runtime.certificateFile())).allSatisfy(path -> assertThat(path).exists());
  }
}
