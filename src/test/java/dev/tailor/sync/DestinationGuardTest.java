package dev.tailor.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The address rules alone, with plain http allowed everywhere so that each refusal below is for the address, not the
 * scheme (the admin API's refusals, with the configuration tests run under, are in {@link DestinationReachTest}).
 */
class DestinationGuardTest {

    private static DestinationGuard guard(boolean allowHttp, List<String> allowedHosts, HostResolver resolver) {
        return new DestinationGuard(
                new SyncConfig() {
                    public Duration timeout() {
                        return Duration.ofSeconds(1);
                    }

                    public int maxAttempts() {
                        return 1;
                    }

                    public Duration firstBackoff() {
                        return Duration.ofMillis(1);
                    }

                    public Duration maxBackoff() {
                        return Duration.ofMillis(1);
                    }

                    public Duration deliverEvery() {
                        return Duration.ofSeconds(1);
                    }

                    public Duration deliveryLease() {
                        return Duration.ofSeconds(1);
                    }

                    public Duration reloadEvery() {
                        return Duration.ofSeconds(1);
                    }

                    public boolean allowHttp() {
                        return allowHttp;
                    }

                    public Optional<List<String>> allowedHosts() {
                        return Optional.of(allowedHosts);
                    }
                },
                resolver);
    }

    static final List<String> INSIDE = List.of(
            "http://127.0.0.1:6379/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:9092/",
            "http://0.0.0.0/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0x7f000001/",
            "http://127.1/",
            "http://0177.0.0.1/",
            "http://017700000001/",
            "http://[::]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[0:0:0:0:0:ffff:a9fe:a9fe]/",
            "http://10.0.0.1/",
            "http://172.16.5.4/",
            "http://192.168.1.1/",
            "http://100.64.0.1/",
            "http://[fe80::1]/",
            "http://[fc00::1]/",
            "http://[fd12::1]/",
            "http://224.0.0.1/",
            "http://[ff02::1]/",
            "http://255.255.255.255/",
            "http://[64:ff9b::7f00:1]/",
            "http://[2002:7f00:1::]/",
            "http://[::127.0.0.1]/");

    @Test
    void everyInsideAddressIsRefusedForWhatItIs() {
        DestinationGuard guard = guard(true, List.of(), new HostResolver());
        for (String url : INSIDE) {
            assertThatThrownBy(() -> guard.check(url)).as(url).isInstanceOf(DestinationGuard.RefusedException.class);
        }
        assertThatThrownBy(() -> guard.check("http://169.254.169.254/latest/meta-data/"))
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> guard.check("http://[::ffff:127.0.0.1]/")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> guard.check("http://2130706433/")).hasMessageContaining("2130706433");
    }

    @Test
    void aNameThatResolvesInsideIsRefusedEvenIfOneOfItsAddressesIsPublic() throws Exception {
        RebindingResolver resolver = new RebindingResolver();
        resolver.point("hooks.example.com", "93.184.215.14", "10.0.0.7");
        assertThatThrownBy(() -> guard(false, List.of(), resolver).check("https://hooks.example.com/in"))
                .hasMessageContaining("private");
    }

    @Test
    void httpsToAPublicNameIsTakenAndTheCheckedAddressIsTheOneToConnectTo() throws Exception {
        RebindingResolver resolver = new RebindingResolver();
        resolver.point("hooks.example.com", "93.184.215.14");
        DestinationGuard.Target target = guard(false, List.of(), resolver).check("https://hooks.example.com/in");
        assertThat(target.address()).isEqualTo(InetAddress.getByName("93.184.215.14"));
        assertThat(target.port()).isEqualTo(443);
        assertThatThrownBy(() -> guard(false, List.of(), resolver).check("http://hooks.example.com/in"))
                .hasMessageContaining("https");
    }

    @Test
    void anAllowedHostMayResolveInsideAndUsePlainHttp() throws Exception {
        DestinationGuard.Target target =
                guard(false, List.of("LocalHost"), new HostResolver()).check("http://localhost:8080/hooks");
        assertThat(target.address().isLoopbackAddress()).isTrue();
        assertThat(target.port()).isEqualTo(8080);
    }
}
