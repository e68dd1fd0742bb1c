package dev.tailor.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.time.Duration;

/** An {@link IngestConfig} for tests without the server: Segment's limits. */
record TestIngestConfig(Duration publishTimeout, MemorySize maxEventSize, MemorySize maxRequestSize,
        int maxBatchEvents, int maxMessageIdLength) implements IngestConfig {

    static TestIngestConfig defaults() {
        return new TestIngestConfig(Duration.ofSeconds(10), kilobytes(32), kilobytes(500), 2500, 100);
    }

    private static MemorySize kilobytes(long count) {
        return new MemorySize(BigInteger.valueOf(count * 1024));
    }
}
