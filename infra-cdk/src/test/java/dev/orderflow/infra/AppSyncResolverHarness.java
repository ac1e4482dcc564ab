package dev.orderflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an APPSYNC_JS resolver under Node with {@code src/test/node/appsync-resolver-harness.mjs}: the real
 * code (as the template deploys it), on stubs of {@code @aws-appsync/utils}. One Node process per
 * {@link #run} call, for every case at once; it opens no port and fetches nothing.
 */
final class AppSyncResolverHarness {
  static final Path SCRIPT = Path.of("src", "test", "node", "appsync-resolver-harness.mjs");
  static final String USER_POOL = "User Pool Authorization";
  static final String IAM = "IAM Authorization";
  static final String API_KEY = "API Key Authorization";
  static final String OIDC = "Open ID Connect Authorization";
  static final String LAMBDA = "Lambda Authorization";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One call of the resolver: who calls it, with which arguments, and updates to test its filter on. */
  record Case(String authType, Map<String, Object> identity, Map<String, Object> args, List<Map<String, Object>> updates) {
    Map<String, Object> toJson() {
      Map<String, Object> ctx = new LinkedHashMap<>();
      ctx.put("identity", identity);
      ctx.put("args", args);
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("authType", authType);
      c.put("ctx", ctx);
      c.put("updates", updates);
      return c;
    }
  }

  /**
   * What the resolver did: its request and response values, the subscription filter it set, whether each
   * update of the case passes that filter, whether it called {@code util.unauthorized()}, any other error.
   */
  record Result(Object request, Object response, Map<String, Object> filter, List<Boolean> delivered,
      boolean unauthorized, String error) {
  }

  private AppSyncResolverHarness() {
  }

  /** A Cognito user pool caller's identity (what AppSync puts in {@code ctx.identity}). */
  static Map<String, Object> cognito(String sub) {
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("sub", sub);
    identity.put("issuer", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_example");
    identity.put("username", sub);
    identity.put("claims", Map.of("sub", sub, "token_use", "id"));
    identity.put("sourceIp", List.of("127.0.0.1"));
    identity.put("defaultAuthStrategy", "ALLOW");
    return identity;
  }

  /** An IAM caller's identity. */
  static Map<String, Object> iam() {
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("accountId", "123456789012");
    identity.put("userArn", "arn:aws:sts::123456789012:assumed-role/Publisher/session");
    identity.put("username", "AROAEXAMPLE:session");
    identity.put("sourceIp", List.of("127.0.0.1"));
    identity.put("cognitoIdentityPoolId", null);
    identity.put("cognitoIdentityId", null);
    return identity;
  }

  static Map<String, Object> update(String customer, String id) {
    return Map.of("customer", customer, "id", id, "change", "STATUS_CHANGED", "status", "SUCCESS", "version", 3);
  }

  static List<Result> run(String resolverCode, List<Case> cases) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "appsync-resolvers"));
      Path code = Files.createTempFile(dir, "resolver", ".js");
      Files.writeString(code, resolverCode);
      Process node = new ProcessBuilder("node", SCRIPT.toString(), code.toString()).start();
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(node.getInputStream()));
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(node.getErrorStream()));
      List<Map<String, Object>> input = new ArrayList<>();
      cases.forEach(c -> input.add(c.toJson()));
      try (OutputStream in = node.getOutputStream()) {
        in.write(JSON.writeValueAsBytes(input));
      }
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
      assertThat(node.exitValue()).as("node exit code; stderr: %s", stderr.join()).isZero();
      List<Result> results = JSON.readValue(stdout.join(), new TypeReference<List<Result>>() { });
      assertThat(results).hasSameSizeAs(cases);
      Files.delete(code);
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result runOne(String resolverCode, Case c) {
    return run(resolverCode, List.of(c)).get(0);
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
