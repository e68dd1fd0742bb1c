package dev.tailor.decisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Options;
import dev.tailor.rules.RuleSetArchive;
import dev.tailor.security.TestApiKey;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.nodes.LNode;
import liqp.tags.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ESP contract as templates use it: its documented snippets (read from docs/esp-contract.md, so they cannot
 * drift), rendered against live decisions by real template engines in strict mode, where a missing variable is an
 * error: liqp for Braze's Liquid (Connected Content's {@code connected_content} and {@code abort_message} tags played
 * by the test, the call going to Tailor over HTTP) and Handlebars.java for Iterable and SendGrid.
 */
@QuarkusTest
class EspTemplatesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path CONTRACT = Path.of("docs", "esp-contract.md");
    private static final Pattern SNIPPET =
            Pattern.compile("<!-- esp-snippet: ([\\w-]+) -->\\s*```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final String SAMPLE_NAME = "Tom & \"Jerry\" <b>";

    /** A rule set whose rules throw for customers with {@link #faultTrait}, so their decisions are degraded. */
    private static String faulty;

    private static String faultTrait;

    @BeforeEach
    void faultyRuleSet() {
        if (faulty != null) {
            return;
        }
        faulty = "esp_" + UUID.randomUUID().toString().substring(0, 8);
        faultTrait = "esp_fault_" + UUID.randomUUID().toString().substring(0, 8);
        byte[] zip = RuleSetArchive.zip(Map.of(
                "facts.yaml", """
                        events:
                          Page Viewed: {window: 7d}
                        variables:
                          first_name: {type: string, default: there}
                          favourite_category: {type: string, default: bestsellers}
                          loyalty_tier: {type: string, default: standard}
                        """.getBytes(StandardCharsets.UTF_8),
                "rules.drl", """
                        package tailor.esp;
                        import dev.tailor.facts.Customer;
                        import dev.tailor.rules.Variable;
                        import function dev.tailor.facts.Window.days;
                        // The event name comes from a trait: an undeclared one throws at run time.
                        rule "FromTrait" when Customer( count(trait("FAULT", "Page Viewed"), days(1)) >= 0 ) then end
                        rule "FirstName" when $c : Customer()
                        then insert(new Variable("first_name", $c.trait("first_name", "there"))); end
                        """.replace("FAULT", faultTrait).getBytes(StandardCharsets.UTF_8)));
        long revision = given().contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/revisions", faulty)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("revision", revision))
                .post("/admin/rule-sets/{name}/activations", faulty)
                .then()
                .statusCode(201);
    }

    /** The fenced block of the ESP contract that follows {@code <!-- esp-snippet: name -->}. */
    static String snippet(String name) throws IOException {
        Matcher matcher = SNIPPET.matcher(Files.readString(CONTRACT));
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new AssertionError(CONTRACT + " has no snippet " + name);
    }

    private static String identifiedCustomerWithACart() {
        String customer = "esp-" + UUID.randomUUID();
        // As Segment's analytics.js and analytics-node send it: the reserved trait in camelCase.
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", customer, "traits", Map.of("firstName", SAMPLE_NAME, "loyalty_tier", "gold")))
                .post("/v1/identify")
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "userId",
                        customer,
                        "event",
                        "Product Added",
                        "timestamp",
                        Instant.now().toString()))
                .post("/v1/track")
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .until(() -> given().get("/v1/decisions/{id}", customer)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("segments.name", String.class)
                        .contains("cart_abandoner"));
        return customer;
    }

    private static String degradedCustomer() {
        String customer = "esp-degraded-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", customer, "traits", Map.of(faultTrait, "Never Declared")))
                .post("/v1/identify")
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .until(() -> given().queryParam("ruleSet", faulty)
                        .get("/v1/decisions/{id}", customer)
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("degraded"));
        return customer;
    }

    // --- Braze: Liquid ----------------------------------------------------------------------------------------

    /**
     * Renders the README's Braze message for one user. {@code connected_content} calls Tailor as Braze would (the
     * URL as the template renders it, HTTP Basic with the {@code decide} key) and saves the JSON answer with its
     * status as {@code __http_status_code__}; {@code abort_message} stops the render, as Braze stops the send.
     *
     * @param extraQuery appended to the URL Braze calls (to name a rule set for the degraded case), or ""
     */
    private static String renderBraze(String userId, String extraQuery) throws IOException {
        Tag connectedContent = new Tag("connected_content") {
            @Override
            public Object render(TemplateContext context, LNode... nodes) {
                // The tag's words arrive without their spaces: the URL runs to the first Braze option.
                String[] parts = markup(context, nodes).split(":(?=basic_auth|cache_max_age|retry|save)");
                String url = context.getParser().parse(parts[0]).render(context.getVariables());
                String save = null;
                String credential = null;
                for (String option : List.of(parts).subList(1, parts.length)) {
                    if (option.startsWith("save")) {
                        save = option.substring(4);
                    } else if (option.startsWith("basic_auth")) {
                        credential = option.substring(10);
                    }
                }
                assertThat(url).startsWith("https://tailor.example.com/v1/decisions/");
                assertThat(credential).isEqualTo("tailor_decide");
                Response answer = given().urlEncodingEnabled(false)
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (TestApiKey.KEY + ":").getBytes(StandardCharsets.UTF_8)))
                        .get(url.substring("https://tailor.example.com".length()) + extraQuery);
                Map<String, Object> saved = new HashMap<>(
                        answer.statusCode() == 200 ? answer.jsonPath().getMap("$") : Map.of());
                saved.put("__http_status_code__", answer.statusCode());
                context.put(save, saved);
                return "";
            }
        };
        Tag abortMessage = new Tag("abort_message") {
            @Override
            public Object render(TemplateContext context, LNode... nodes) {
                throw new IllegalStateException("Braze aborted the message: " + markup(context, nodes));
            }
        };
        TemplateParser liquid = new TemplateParser.Builder()
                .withStrictVariables(true)
                .withErrorMode(TemplateParser.ErrorMode.STRICT)
                .withTag(connectedContent)
                .withTag(abortMessage)
                .build();
        // Braze's attribute tags, ${user_id}, are Braze's own syntax: here plain variables the test gives.
        String template = snippet("braze-liquid").replaceAll("\\$\\{(\\w+)}", "$1");
        return liquid.parse(template)
                .render(Map.of("user_id", userId, "campaign", Map.of("dispatch_id", "dispatch-" + UUID.randomUUID())));
    }

    /** A custom tag's markup, as the words liqp hands it over. */
    private static String markup(TemplateContext context, LNode... nodes) {
        StringBuilder markup = new StringBuilder();
        for (LNode node : nodes) {
            markup.append(node.render(context));
        }
        return markup.toString();
    }

    private static void brazeDestinationFromTheReadme() throws IOException {
        given().contentType(ContentType.JSON)
                .body(snippet("braze-destination"))
                .put("/admin/destinations/{name}", "braze")
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    @Test
    void theBrazeConnectedContentSnippetRendersLiveDecisionsInStrictLiquid() throws IOException {
        brazeDestinationFromTheReadme();
        String customer = identifiedCustomerWithACart();

        String known = renderBraze(customer, "");
        assertThat(known)
                .contains("Hi Tom &amp; &quot;Jerry&quot; &lt;b&gt;,")
                .contains("your cart is waiting.")
                .doesNotContain("<b>");

        String unknown = renderBraze("nobody-" + UUID.randomUUID(), "");
        assertThat(unknown).contains("Hi there,").contains("new bestsellers are in.");
    }

    @Test
    void theBrazeSnippetAbortsTheMessageOnADegradedDecision() throws IOException {
        brazeDestinationFromTheReadme();
        String customer = degradedCustomer();
        assertThatThrownBy(() -> renderBraze(customer, "&ruleSet=" + faulty))
                .hasStackTraceContaining("Braze aborted the message")
                .hasStackTraceContaining("Tailor had no decision");
    }

    // --- Iterable, SendGrid: Handlebars -------------------------------------------------------------------------

    /** Handlebars.java in strict mode: a name that resolves to nothing fails the render instead of printing "". */
    private static String renderHandlebars(Map<String, Object> data) throws IOException {
        Handlebars handlebars = new Handlebars();
        handlebars.registerHelperMissing((Object context, Options options) -> {
            throw new IllegalStateException("strict: " + options.helperName + " is missing");
        });
        return handlebars.compileInline(snippet("handlebars")).apply(data);
    }

    @Test
    void theHandlebarsSnippetRendersLiveDecisionsInStrictMode() throws IOException {
        String customer = identifiedCustomerWithACart();
        String known = renderHandlebars(given().get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$"));
        // Handlebars escapes by itself: the decision carries the name raw.
        assertThat(known).contains("Hi Tom &amp; &quot;Jerry&quot; &lt;b&gt;,").contains("(gold prices)");

        String unknown = renderHandlebars(given().get("/v1/decisions/{id}", "nobody-" + UUID.randomUUID())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$"));
        assertThat(unknown).contains("Hi there,").contains("new bestsellers are in (standard prices).");

        String degraded = renderHandlebars(given().queryParam("ruleSet", faulty)
                .get("/v1/decisions/{id}", degradedCustomer())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$"));
        assertThat(degraded).contains("Hi there,").contains("our bestsellers are in.");
    }

    @Test
    void strictModeFailsOnAMissingVariableSoTheseRendersProveSomething() {
        assertThatThrownBy(() -> renderHandlebars(Map.of("variables", Map.of(), "degraded", false)))
                .hasStackTraceContaining("strict: variables.first_name is missing");
    }
}
