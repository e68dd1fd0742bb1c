package dev.tailor.sync;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps webhooks from reaching inside: a destination URL is https (http only when configured) to a host whose every
 * address is public, unless the host is on {@code tailor.sync.allowed-hosts}. Checked when a destination is
 * registered and again before each request, which then goes to the address that was checked, so a host that
 * re-resolves inside after its check (DNS rebinding) is never connected to. Resolves names: never on an event loop.
 */
@ApplicationScoped
public class DestinationGuard {

    /** Why a destination may not be reached, in words for the admin who registered it. */
    public static final class RefusedException extends Exception {
        RefusedException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Where a checked request goes: the URL's host (for TLS and the Host header), on the checked address. */
    public record Target(URI uri, InetAddress address, int port) {}

    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** A last label no DNS name has (all digits, or hex): the host is a number, in whatever notation. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");

    private final SyncConfig config;
    private final HostResolver resolver;
    private final Set<String> allowedHosts;

    public DestinationGuard(SyncConfig config, HostResolver resolver) {
        this.config = config;
        this.resolver = resolver;
        this.allowedHosts = config.allowedHosts().orElse(List.of()).stream()
                .map(host -> host.strip().toLowerCase(Locale.ROOT))
                .filter(host -> !host.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Checks a URL and resolves its host; the request must go to {@link Target#address()}. */
    public Target check(String url) throws RefusedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedException("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new RefusedException("must be an https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedException("must not carry a user name or password");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedException(
                    uri.getRawAuthority() == null
                            ? "must name a host"
                            : "host " + uri.getRawAuthority() + " is not a host name or a standard address");
        }
        host = host.toLowerCase(Locale.ROOT);
        boolean allowed = allowedHosts.contains(host);
        if (scheme.equals("http") && !allowed && !config.allowHttp()) {
            throw new RefusedException("must be an https URL (http only to hosts on tailor.sync.allowed-hosts, "
                    + "or everywhere with tailor.sync.allow-http)");
        }
        boolean literal = host.startsWith("[");
        if (!literal && !allowed) {
            String[] labels = host.split("\\.");
            if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()
                    && !DOTTED_QUAD.matcher(host).matches()) {
                throw new RefusedException("host " + host + " is an address in a non-standard notation");
            }
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(literal ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException | SecurityException e) {
            throw new RefusedException("host " + host + " does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new RefusedException("host " + host + " does not resolve");
        }
        if (!allowed) {
            for (InetAddress address : addresses) {
                Optional<String> kind = notPublic(address);
                if (kind.isPresent()) {
                    throw new RefusedException("host " + host + " resolves to a " + kind.get() + " address; webhooks "
                            + "go to public addresses only (or to hosts on tailor.sync.allowed-hosts)");
                }
            }
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Target(uri, addresses.get(0), port);
    }

    /** What kind of non-public address this is, if it is one. */
    static Optional<String> notPublic(InetAddress address) {
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        if (address instanceof Inet4Address) {
            return notPublicV4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
        }
        if (address instanceof Inet6Address) {
            return notPublicV6(b);
        }
        return Optional.of("unknown kind of");
    }

    private static Optional<String> notPublicV4(int a, int b, int c) {
        if (a == 0) {
            return Optional.of("unspecified");
        }
        if (a == 100 && b >= 64 && b < 128) {
            return Optional.of("private (shared, RFC 6598)");
        }
        if (a == 192 && b == 0 && (c == 0 || c == 2)
                || a == 198 && b == 51 && c == 100
                || a == 203 && b == 0 && c == 113
                || a == 198 && (b == 18 || b == 19)
                || a >= 240) {
            return Optional.of("reserved");
        }
        return Optional.empty();
    }

    private static Optional<String> notPublicV6(byte[] b) {
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("private (unique local)");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of("private (site-local)");
        }
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        if (zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return Optional.of("IPv4-mapped");
        }
        if (zeroPrefix && b[10] == 0 && b[11] == 0) {
            return Optional.of("IPv4-compatible");
        }
        // NAT64, 6to4 and Teredo carry an IPv4 address inside; the documentation prefix is never routed.
        int first = (b[0] & 0xff) << 8 | b[1] & 0xff;
        int second = (b[2] & 0xff) << 8 | b[3] & 0xff;
        if (first == 0x0064 && second == 0xff9b
                || first == 0x2002
                || first == 0x2001 && second == 0
                || first == 0x2001 && second == 0x0db8) {
            return Optional.of("tunnelled or reserved IPv6");
        }
        return Optional.empty();
    }
}
