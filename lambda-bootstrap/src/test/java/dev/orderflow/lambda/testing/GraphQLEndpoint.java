package dev.orderflow.lambda.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for an AppSync API's GraphQL endpoint on 127.0.0.1 (plain http, a free port): records every POST
 * (headers and body) and answers with the next scripted answer, or {@code 200 {"data":{…}}} when none is left.
 * {@link Request#signatureProblem(String)} checks a request's SigV4 signature by recomputing it from what arrived.
 */
public final class GraphQLEndpoint implements AutoCloseable {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), "
          + "Signature=([0-9a-f]{64})");

  /** One request as it arrived: header names in lower case. */
  public record Request(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The GraphQL variables' {@code input}, as the Lambda runtime would read JSON. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> input() {
      Map<String, Object> variables = (Map<String, Object>) LambdaJson.map(body).get("variables");
      return (Map<String, Object>) variables.get("input");
    }

    /**
     * Recomputes the SigV4 signature (canonical request of the signed headers as received, hashed body, string to
     * sign, key derived from {@code secretKey}) and compares it with the one sent.
     *
     * @return {@code null} if it matches, else what is wrong
     */
    public String signatureProblem(String secretKey) {
      String authorization = header("Authorization");
      Matcher m = authorization == null ? null : AUTHORIZATION.matcher(authorization);
      if (m == null || !m.matches()) {
        return "no SigV4 Authorization header: " + authorization;
      }
      String date = m.group(2);
      String region = m.group(3);
      String service = m.group(4);
      String amzDate = header("X-Amz-Date");
      if (amzDate == null || !amzDate.startsWith(date)) {
        return "X-Amz-Date " + amzDate + " does not match the credential scope's date " + date;
      }
      StringBuilder canonical = new StringBuilder().append(method).append('\n').append(path).append("\n\n");
      for (String name : m.group(5).split(";")) {
        String value = header(name);
        if (value == null) {
          return "signed header " + name + " did not arrive";
        }
        canonical.append(name).append(':').append(value.strip().replaceAll("\\s+", " ")).append('\n');
      }
      canonical.append('\n').append(m.group(5)).append('\n').append(sha256(body));
      String scope = date + "/" + region + "/" + service + "/aws4_request";
      String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256(canonical.toString());
      byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
      key = hmac(key, region);
      key = hmac(key, service);
      key = hmac(key, "aws4_request");
      String expected = HexFormat.of().formatHex(hmac(key, toSign));
      return expected.equals(m.group(6)) ? null : "signature " + m.group(6) + " is not " + expected
          + " for the canonical request\n" + canonical;
    }
  }

  /** A scripted answer. */
  public record Answer(int status, String body) {}

  private final HttpServer server;
  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

  private GraphQLEndpoint(HttpServer server) {
    this.server = server;
  }

  public static GraphQLEndpoint start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      GraphQLEndpoint endpoint = new GraphQLEndpoint(server);
      server.createContext("/graphql", endpoint::handle);
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>/graphql} */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/graphql");
  }

  /** Answers the next requests with these, in order, then with success again. */
  public void answerNext(Answer... next) {
    answers.addAll(List.of(next));
  }

  public void reset() {
    requests.clear();
    answers.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, List<String>> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body);
      requests.add(request);
      Answer answer = answers.poll();
      if (answer == null) {
        String id = String.valueOf(request.input().get("id"));
        answer = new Answer(200, "{\"data\":{\"publishOrderUpdate\":{\"id\":" + LambdaJson.quote(id) + "}}}");
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
