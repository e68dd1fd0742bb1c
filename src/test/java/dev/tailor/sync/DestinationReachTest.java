package dev.tailor.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Destinations cannot point inside: refused at registration, and a host that re-resolves inside after it was
 * registered is never connected to. What went wrong reads "unreachable", never socket details.
 */
@QuarkusTest
class DestinationReachTest {

    private static final String SECRET = "a-secret-of-sixteen-chars";

    private final RebindingResolver resolver = new RebindingResolver();

    @BeforeEach
    void resolveThroughTheTest() {
        QuarkusMock.installMockForType(resolver, HostResolver.class);
    }

    @AfterEach
    void removeDestinations() {
        given().get("/admin/destinations").then().extract().jsonPath().getList("name", String.class).stream()
                .filter(name -> name.startsWith("reach-"))
                .forEach(name -> given().delete("/admin/destinations/{name}", name));
    }

    private static io.restassured.response.ValidatableResponse put(String name, String url) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("url", url, "signingSecret", SECRET, "ruleSet", "marketing", "batchSize", 100))
                .put("/admin/destinations/{name}", name)
                .then();
    }

    private static String name() {
        return "reach-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void everyInsideAddressIsRefusedAtRegistrationNamingTheUrl() {
        for (String url : DestinationGuardTest.INSIDE) {
            String name = name();
            // As given (plain http, refused for its scheme) and over https (refused for its address).
            put(name, url)
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("url"));
            put(name, url.replaceFirst("^http:", "https:"))
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("url"));
            given().get("/admin/destinations/{name}", name).then().statusCode(404);
        }
        put(name(), "https://169.254.169.254/latest/meta-data/").body("detail", containsString("link-local"));
        put(name(), "http://127.0.0.1:6379/").body("detail", containsString("https"));
    }

    @Test
    void aNameResolvingInsideIsRefusedAtRegistration() throws Exception {
        resolver.point("intranet.rebind.test", "10.20.30.40");
        put(name(), "https://intranet.rebind.test/hooks")
                .statusCode(400)
                .body("field", equalTo("url"))
                .body("detail", containsString("private"));
    }

    @Test
    void aHostThatNowResolvesInsideIsNotConnectedToAndItsChangeIsDeadLetteredAsUnreachable() throws Exception {
        try (CountingPort inside = new CountingPort()) {
            String name = name();
            String host = name + ".rebind.test";
            resolver.point(host, "93.184.215.14");
            put(name, "https://" + host + ":" + inside.port() + "/hooks").statusCode(201);
            // The rebinding: the same name now answers with the loopback address the port above listens on.
            resolver.point(host, "127.0.0.1");
            String customer = WebhookDeliveryTest.cartAbandoner();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/admin/destinations/{name}/dead-letters", name)
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("customerId", String.class)
                            .contains(customer));
            assertThat(given().get("/admin/destinations/{name}/dead-letters", name)
                            .then()
                            .extract()
                            .jsonPath()
                            .getString("find { it.customerId == '" + customer + "' }.lastError"))
                    .isEqualTo("unreachable");
            assertThat(inside.accepted.get()).isZero();
        }
    }

    @Test
    void aClosedPortReadsUnreachableNotTheSocketError() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String name = name();
        put(name, "http://localhost:" + closed + "/hooks").statusCode(201);
        String customer = WebhookDeliveryTest.cartAbandoner();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/admin/destinations/{name}/dead-letters", name)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("customerId", String.class)
                        .contains(customer));
        assertThat(given().get("/admin/destinations/{name}/dead-letters", name)
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("find { it.customerId == '" + customer + "' }.lastError"))
                .isEqualTo("unreachable");
    }

    /** A loopback port that counts the connections made to it. */
    private static final class CountingPort implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();

        CountingPort() throws IOException {
            Thread acceptor = new Thread(
                    () -> {
                        while (!socket.isClosed()) {
                            try (Socket ignored = socket.accept()) {
                                accepted.incrementAndGet();
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "counting-port");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
