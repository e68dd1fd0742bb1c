package dev.tailor.sync;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The system resolver, except for the names a test points somewhere: how a host re-resolves between two checks. */
final class RebindingResolver extends HostResolver {

    private final Map<String, List<InetAddress>> pointed = new ConcurrentHashMap<>();

    void point(String host, String... addresses) throws UnknownHostException {
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        pointed.put(host, List.of(resolved));
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> addresses = pointed.get(host);
        return addresses != null ? addresses : super.resolve(host);
    }
}
