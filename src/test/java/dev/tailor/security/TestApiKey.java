package dev.tailor.security;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every test request carries the test profile's bootstrap key (every scope), as a real client would carry its
 * key, unless it names a key itself; the security tests remove this to send exactly what they mean to test.
 */
public class TestApiKey implements QuarkusTestBeforeEachCallback {

    public static final String KEY = "tailor-test-key-with-every-scope";

    private static final Filter WITH_KEY = (request, response, chain) -> {
        if (!request.getHeaders().hasHeaderWithName("X-Api-Key")
                && !request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("X-Api-Key", KEY);
        }
        return chain.next(request, response);
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.replaceFiltersWith(WITH_KEY);
    }
}
