package dev.orderflow.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests java.net.http will not send: any {@code Host} header, none, two,
 * or an absolute-form target. One request per connection ({@code Connection: close}).
 */
final class RawHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /** A response: status, headers (names in lower case, in order), body. */
  record Response(int status, List<Map.Entry<String, String>> headers, String body) {
    /** The values of one header, by name in any case. */
    List<String> header(String name) {
      return headers.stream().filter(h -> h.getKey().equals(name.toLowerCase(Locale.ROOT)))
          .map(Map.Entry::getValue).toList();
    }

    /** The headers whose names start with {@code access-control-}. */
    List<String> corsHeaders() {
      return headers.stream().map(Map.Entry::getKey).filter(n -> n.startsWith("access-control-")).toList();
    }

    Map<String, Object> json() {
      try {
        return JSON.readValue(body, new TypeReference<>() {});
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    @SuppressWarnings("unchecked")
    String errorType() {
      return (String) ((List<Map<String, Object>>) json().get("errors")).get(0).get("errorType");
    }
  }

  /** A GraphQL POST to {@code /graphql} with the given {@code Host} and a JSON body. */
  Response postGraphQL(String host, String query) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("query", query));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return send("POST", "/graphql", host == null ? List.of() : List.of("Host: " + host),
        List.of("Content-Type: application/json"), body);
  }

  /**
   * Sends {@code method target HTTP/1.1}, the {@code hostLines} as given (none, one or more {@code Host: ...}),
   * the other header lines, and the body with its {@code Content-Length}.
   */
  Response send(String method, String target, List<String> hostLines, List<String> headers, String body) {
    StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    hostLines.forEach(line -> request.append(line).append("\r\n"));
    headers.forEach(line -> request.append(line).append("\r\n"));
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      request.append("Content-Length: ").append(content.length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return parse(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete response head: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(Map.entry(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip()));
    }
    return new Response(status, headers, text.substring(end + 4));
  }
}
