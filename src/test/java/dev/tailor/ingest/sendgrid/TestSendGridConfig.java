package dev.tailor.ingest.sendgrid;

import java.time.Duration;
import java.util.Optional;

/** A {@link SendGridConfig} for tests without the server. */
record TestSendGridConfig(Optional<String> verificationKey, String customerIdArg, Duration maxAge)
        implements SendGridConfig {

    static TestSendGridConfig defaults() {
        return new TestSendGridConfig(Optional.empty(), "userId", Duration.ofMinutes(10));
    }

    TestSendGridConfig withVerificationKey(String key) {
        return new TestSendGridConfig(Optional.of(key), customerIdArg, maxAge);
    }

    TestSendGridConfig withCustomerIdArg(String name) {
        return new TestSendGridConfig(verificationKey, name, maxAge);
    }
}
