package dev.orderflow.local;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} values the local runtime answers: against DNS rebinding. A web page on
 * {@code http://evil.example:4000} whose name the attacker then re-points at 127.0.0.1 is, to the browser,
 * same-origin with the runtime: it may post GraphQL and read the answers. Its requests still carry
 * {@code Host: evil.example:4000}, so the runtime answers only a {@code Host} naming the loopback address —
 * {@code 127.0.0.1}, {@code localhost}, {@code [::1]} — or one of the names given with {@code --allowed-host},
 * each with any port or none (a port forward or proxy may change the port; the attacker cannot make a browser
 * send a loopback name for a page of theirs). Names compare case-insensitively; a trailing dot, userinfo or
 * anything else is not such a name.
 *
 * <p>A request in absolute form ({@code POST http://name/graphql}) names its target in the request line, which
 * then wins over {@code Host} (RFC 9112 §3.2.2): that name must pass as well.
 */
final class HostCheck {
  /** The names of the loopback address every runtime answers. */
  static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");

  /** A DNS name or IPv4 address. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
  /** An IPv6 literal in brackets, as a Host header carries it. */
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]{2,45}]");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private final Set<String> names;

  /** @param extraNames further names to answer, in {@link #normalize}d form */
  HostCheck(List<String> extraNames) {
    Set<String> all = new LinkedHashSet<>(LOOPBACK);
    all.addAll(extraNames);
    this.names = Set.copyOf(all);
  }

  /**
   * An extra name as {@code --allowed-host} takes it: a host name, IPv4 address or IPv6 address (with or without
   * brackets), no port; lower case, IPv6 in brackets.
   *
   * @throws IllegalArgumentException for anything else, e.g. {@code *}, a port, a scheme or a path
   */
  static String normalize(String name) {
    String candidate = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    if (candidate.indexOf(':') >= 0 && !candidate.startsWith("[")) {
      candidate = "[" + candidate + "]";
    }
    if (NAME.matcher(candidate).matches() && candidate.length() <= 253 || IPV6.matcher(candidate).matches()) {
      return candidate;
    }
    throw new IllegalArgumentException("not a host name or IP address (without port or wildcard): " + name);
  }

  /** Whether the request's {@code Host} value (name, optional port) names this runtime. */
  boolean allows(String host) {
    if (host == null) {
      return false;
    }
    String value = host.strip().toLowerCase(Locale.ROOT);
    String name;
    String port;
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      if (end < 0) {
        return false;
      }
      name = value.substring(0, end + 1);
      String rest = value.substring(end + 1);
      if (rest.isEmpty()) {
        port = null;
      } else if (rest.startsWith(":")) {
        port = rest.substring(1);
      } else {
        return false;
      }
    } else {
      int colon = value.indexOf(':');
      name = colon < 0 ? value : value.substring(0, colon);
      port = colon < 0 ? null : value.substring(colon + 1);
    }
    return names.contains(name) && (port == null || isPort(port));
  }

  /**
   * Whether the target of an absolute-form request names this runtime; {@code true} for the usual origin form
   * ({@code /graphql}), which names no host.
   */
  boolean allowsTarget(URI target) {
    if (target == null || target.getRawAuthority() == null) {
      return true;
    }
    return target.getRawUserInfo() == null && allows(target.getRawAuthority());
  }

  private static boolean isPort(String port) {
    return PORT.matcher(port).matches() && Integer.parseInt(port) <= 65_535;
  }
}
