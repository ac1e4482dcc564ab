package dev.orderflow.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The live-updates page the runtime serves from its classpath: {@code GET /} is {@value #ROOT}{@code index.html},
 * {@code GET /page/<file>} is {@value #ROOT}{@code <file>} — a plain file name (letters, digits, {@code . _ -}, no
 * directories, no {@code ..}) ending in {@code .html}, {@code .js}, {@code .css} or {@code .png} that exists there;
 * anything else is not found. No directory listing.
 *
 * <p>Every page goes with headers that keep it to its own origin: a Content-Security-Policy allowing scripts,
 * styles, images and connections (fetch and WebSocket) to this runtime only — {@code 'self'} plus the explicit
 * {@code ws://} and {@code wss://} form of the request's (checked) host, for browsers whose {@code 'self'} does not
 * cover WebSocket — no inline script, no framing, no plugins; {@code nosniff}; no referrer; {@code no-store}.
 */
final class PageResources {
  static final String ROOT = "dev/orderflow/local/page/";
  static final String PAGE_PREFIX = "/page/";
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)*");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "png", "image/png");

  /** A file of the page, with the headers to serve it with. */
  record Page(String contentType, byte[] content) {
    Map<String, String> headers(String host) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", contentType);
      headers.put("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws://" + host + " wss://" + host
          + "; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
      headers.put("X-Content-Type-Options", "nosniff");
      headers.put("X-Frame-Options", "DENY");
      headers.put("Referrer-Policy", "no-referrer");
      headers.put("Cache-Control", "no-store");
      return headers;
    }
  }

  /** Whether {@code path} is one of the page's paths ({@code /} or under {@code /page/}), existing or not. */
  boolean serves(String path) {
    return "/".equals(path) || path.startsWith(PAGE_PREFIX);
  }

  /** The file {@code path} names, or {@code null} if there is none. */
  Page find(String path) {
    String name = "/".equals(path) ? "index.html" : path.substring(PAGE_PREFIX.length());
    if (!FILE.matcher(name).matches()) {
      return null;
    }
    String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
    if (type == null || name.indexOf('.') < 0) {
      return null;
    }
    try (InputStream in = PageResources.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      return in == null ? null : new Page(type, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT + name, e);
    }
  }
}
