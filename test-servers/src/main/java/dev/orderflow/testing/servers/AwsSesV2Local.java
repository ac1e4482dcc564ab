package dev.orderflow.testing.servers;

import dev.orderflow.core.internal.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SES (API v1 and v2) on 127.0.0.1: a {@code node} process running aws-ses-v2-local 2.10.2, which keeps every email
 * it is sent in memory and serves them on {@code GET /store} ({@link #emails()}).
 *
 * <p>What it emulates: {@code SendEmail} (v2: simple, raw and template content; v1), {@code SendBulkEmail}, the
 * template operations and {@code GetAccount}; a request needs an {@code Authorization} header starting with
 * {@code AWS} (any credentials). It keeps what a simple message is sent with exactly as sent — subject and bodies
 * character for character, whatever the {@code Charset}. What it does not: verified identities, sending quotas,
 * throttling, suppression lists, configuration sets and email tags (accepted, neither checked nor kept), and SES's
 * error answers (a malformed request is a 400 without an error type; {@code MessageRejected} and the like never
 * happen). It forwards nothing: the script clears {@code SMTP_TRANSPORT}, its option to relay mail to a real SMTP
 * server.
 */
public final class AwsSesV2Local implements AutoCloseable {
  static final String SCRIPT =
      "for(const v of ['SMTP_TRANSPORT','AWS_SES_ACCOUNT','AWS_SES_STRICT_TEMPLATE_RENDERING'])delete process.env[v];"
      + "require('aws-ses-v2-local').default({host:'127.0.0.1',port:0})"
      + ".then(s=>console.log('PORT='+s.address().port),e=>{console.error(e);process.exit(1)});"
      + NodeServer.EXIT_ON_STDIN_EOF;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * An email as the server received it.
   *
   * @param to the {@code To} addresses (also {@code cc} and {@code bcc}), as sent
   * @param text the plain-text body, {@code null} if it had none
   * @param html the HTML body, {@code null} if it had none
   * @param at when the server received it, to the second
   */
  public record Email(String messageId, String from, List<String> to, List<String> cc, List<String> bcc,
      String subject, String text, String html, Instant at) {
    public Email {
      to = List.copyOf(to);
      cc = List.copyOf(cc);
      bcc = List.copyOf(bcc);
    }
  }

  private final NodeServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private AwsSesV2Local(NodeServer server) {
    this.server = server;
  }

  public static AwsSesV2Local start() {
    return new AwsSesV2Local(NodeServer.start("aws-ses-v2-local", List.of("-e", SCRIPT)));
  }

  /** {@code http://127.0.0.1:<port>}: the SES v2 (and v1) endpoint. */
  public URI endpoint() {
    return server.endpoint();
  }

  public int port() {
    return server.port();
  }

  /** Every email received so far, oldest first. */
  public List<Email> emails() {
    Map<String, Object> store = JsonText.readObject(call("GET", "/store"));
    List<Email> emails = new ArrayList<>();
    for (Object each : list(store.get("emails"))) {
      Map<?, ?> email = (Map<?, ?>) each;
      Map<?, ?> destination = (Map<?, ?>) email.get("destination");
      Map<?, ?> body = (Map<?, ?>) email.get("body");
      emails.add(new Email((String) email.get("messageId"), (String) email.get("from"),
          strings(destination.get("to")), strings(destination.get("cc")), strings(destination.get("bcc")),
          (String) email.get("subject"), (String) body.get("text"), (String) body.get("html"),
          Instant.ofEpochSecond(((Number) email.get("at")).longValue())));
    }
    return emails;
  }

  /** The emails received so far with {@code address} among their {@code To} addresses (exactly as sent), oldest first. */
  public List<Email> emailsTo(String address) {
    return emails().stream().filter(email -> email.to().contains(address)).toList();
  }

  /** Forgets every email (and template) received so far. */
  public void clear() {
    call("POST", "/clear-store");
  }

  private String call(String method, String path) {
    HttpRequest request = HttpRequest.newBuilder(endpoint().resolve(path)).timeout(TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        throw new IllegalStateException("aws-ses-v2-local answered " + method + " " + path + " with "
            + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("aws-ses-v2-local did not answer " + method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling aws-ses-v2-local", e);
    }
  }

  private static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String.class::cast).toList();
  }

  /** Stops the node process (closing its stdin, then killing it if needed). */
  @Override
  public void close() {
    server.close();
  }
}
