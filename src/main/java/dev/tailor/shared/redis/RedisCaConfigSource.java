package dev.tailor.shared.redis;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * TAILOR_REDIS_CA, the PEM certificates of a private authority that signed a rediss:// server's certificate, as the
 * Quarkus TLS settings it stands for. A plain property cannot say "only when set": a TLS configuration named with no
 * certificates stops the start, so these settings exist only while the variable does. The scripts hand the same file
 * to redis-cli (scripts/lib/services-env.sh). Its ordinal is below application.properties, which can override it.
 */
public final class RedisCaConfigSource implements ConfigSource {

    static final String VARIABLE = "TAILOR_REDIS_CA";
    private static final String NAME = "redis";

    private final Map<String, String> properties;

    public RedisCaConfigSource() {
        this(System.getenv(VARIABLE));
    }

    RedisCaConfigSource(String certificates) {
        this.properties = certificates == null || certificates.isBlank()
                ? Map.of()
                : Map.of(
                        "quarkus.redis.tls-configuration-name",
                        NAME,
                        "quarkus.tls." + NAME + ".trust-store.pem.certs",
                        certificates,
                        // Vert.x checks the server's name only when told how; HTTPS is the rule a browser applies.
                        "quarkus.tls." + NAME + ".hostname-verification-algorithm",
                        "HTTPS");
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return VARIABLE;
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
